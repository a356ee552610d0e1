"""Webhook subscriptions: list, create, the delivery log, deactivate, rotate the secret."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from hamahang.accounts.access import sees_all_provinces
from hamahang.core.services import add_service_error, error_text
from hamahang.webhooks import selectors, services
from hamahang.webhooks.forms import SubscriptionForm


def _deny_unless_manager(user) -> None:
    if not selectors.can_manage_webhooks(user):
        raise PermissionDenied


def _managed(request, pk: int):
    """The subscription of the URL: 403 for who manages none, 404 outside their scope."""
    _deny_unless_manager(request.user)
    return selectors.subscription_get_for_user(user=request.user, pk=pk)


@login_required
def subscription_list(request):
    _deny_unless_manager(request.user)
    return render(
        request,
        "webhooks/subscription_list.html",
        {"subscriptions": selectors.subscription_list_for_user(user=request.user)},
    )


def _secret_page(request, subscription, secret: str, title: str):
    """The one time a secret is shown (not cached, not stored in the session)."""
    response = render(
        request,
        "webhooks/secret.html",
        {"subscription": subscription, "secret": secret, "title": title},
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def subscription_create(request):
    _deny_unless_manager(request.user)
    form = SubscriptionForm(request.POST or None, national=sees_all_provinces(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            subscription, secret = services.subscription_create(
                acting_user=request.user,
                spec=services.SubscriptionSpec(
                    name=data["name"],
                    url=data["url"],
                    events=data["events"],
                    province=data.get("province"),
                ),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return _secret_page(request, subscription, secret, "اشتراک ساخته شد")
    return render(request, "webhooks/subscription_form.html", {"form": form})


@login_required
def subscription_detail(request, pk: int):
    subscription = _managed(request, pk)
    deliveries = [
        (notice, selectors.response_code(notice))
        for notice in selectors.subscription_deliveries(subscription=subscription)
    ]
    return render(
        request,
        "webhooks/subscription_detail.html",
        {"subscription": subscription, "deliveries": deliveries},
    )


@login_required
@require_POST
def subscription_deactivate(request, pk: int):
    subscription = _managed(request, pk)
    try:
        services.subscription_deactivate(acting_user=request.user, subscription=subscription)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, f"اشتراک «{subscription.name}» غیرفعال شد.")
    return redirect("webhooks:subscription_detail", pk=pk)


@login_required
@require_POST
def subscription_rotate(request, pk: int):
    subscription = _managed(request, pk)
    try:
        subscription, secret = services.subscription_rotate_secret(
            acting_user=request.user, subscription=subscription
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("webhooks:subscription_detail", pk=pk)
    return _secret_page(request, subscription, secret, "کلید تازه ساخته شد")
