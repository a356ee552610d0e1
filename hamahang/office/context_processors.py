from hamahang.accounts.access import can_administer_office


def office(request):
    """Whether the menu offers the office set-up screens."""
    user = getattr(request, "user", None)
    return {"can_set_up_office": bool(user and can_administer_office(user))}
