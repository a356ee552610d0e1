from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from hamahang.accounts.forms import ApiTokenForm
from hamahang.accounts.models import ApiToken
from hamahang.accounts.selectors import AGENCY_LOOKUP, agency_list_for_user
from hamahang.accounts.tokens import api_token_create, api_token_revoke
from hamahang.core.lookups import render_options
from hamahang.core.services import add_service_error
from hamahang.organizations.models import Agency


@login_required
@require_GET
def agency_lookup(request):
    """The agencies the user may choose, by a word of their name (?q=; ?kind= or ?exclude=
    a kind: banks for a contract, no banks for a project's owner)."""
    kinds = set(Agency.Kind.values)
    kind, exclude = request.GET.get("kind"), request.GET.get("exclude")
    agencies = agency_list_for_user(
        user=request.user,
        kind=kind if kind in kinds else None,
        exclude_kind=exclude if exclude in kinds else None,
    )
    return render_options(request, AGENCY_LOOKUP, agencies)


@login_required
def token_list(request):
    created, status = None, 200
    form = ApiTokenForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            _token, created = api_token_create(
                user=request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, "توکن ساخته شد؛ آن را همین حالا نگه دارید، دوباره نمایش داده نمی‌شود."
            )
            form = ApiTokenForm()
    if form.is_bound and form.errors:
        status = 422
    return render(
        request,
        "accounts/token_list.html",
        {
            "tokens": ApiToken.objects.filter(user=request.user),
            "created": created,
            "form": form,
        },
        status=status,
    )


@login_required
@require_POST
def token_revoke(request, pk: int):
    try:
        token = ApiToken.objects.get(pk=pk, user=request.user)
        api_token_revoke(token=token, user=request.user)
    except ApiToken.DoesNotExist as error:
        raise Http404 from error
    messages.success(request, f"توکن «{token.name}» باطل شد.")
    return redirect("token_list")
