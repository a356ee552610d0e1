from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from hamahang.accounts.models import ApiToken
from hamahang.accounts.tokens import api_token_create, api_token_revoke


@login_required
def token_list(request):
    created = None
    if request.method == "POST":
        name = request.POST.get("name", "").strip()
        if not name:
            messages.error(request, "نامی برای توکن بنویسید (مثلاً «سامانه دستگاه»).")
        else:
            _token, created = api_token_create(user=request.user, name=name)
            messages.success(
                request, "توکن ساخته شد؛ آن را همین حالا نگه دارید، دوباره نمایش داده نمی‌شود."
            )
    return render(
        request,
        "accounts/token_list.html",
        {"tokens": ApiToken.objects.filter(user=request.user), "created": created},
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
