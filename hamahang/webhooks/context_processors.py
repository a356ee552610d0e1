from hamahang.webhooks.selectors import can_manage_webhooks


def webhooks(request):
    """Whether the menu offers the webhook subscriptions."""
    user = getattr(request, "user", None)
    return {"can_manage_webhooks": bool(user and can_manage_webhooks(user))}
