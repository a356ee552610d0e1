from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from hamahang.accounts.models import ApiToken
from hamahang.accounts.tokens import api_token_create, api_token_revoke
from hamahang.core.digits import to_persian_digits
from hamahang.core.validation import CONTROL_CHAR_MESSAGE, has_control_chars


@login_required
def token_list(request):
    created, status = None, 200
    if request.method == "POST":
        name = request.POST.get("name", "").strip()
        problem = _token_name_problem(name)
        if problem:
            messages.error(request, problem)
            status = 422
        else:
            _token, created = api_token_create(user=request.user, name=name)
            messages.success(
                request, "توکن ساخته شد؛ آن را همین حالا نگه دارید، دوباره نمایش داده نمی‌شود."
            )
    return render(
        request,
        "accounts/token_list.html",
        {"tokens": ApiToken.objects.filter(user=request.user), "created": created},
        status=status,
    )


TOKEN_NAME_MAX = ApiToken._meta.get_field("name").max_length


def _token_name_problem(name: str) -> str | None:
    if not name:
        return "نامی برای توکن بنویسید (مثلاً «سامانه دستگاه»)."
    if has_control_chars(name):
        return CONTROL_CHAR_MESSAGE
    if len(name) > TOKEN_NAME_MAX:
        return f"نام توکن حداکثر {to_persian_digits(TOKEN_NAME_MAX)} نویسه می‌تواند باشد."
    return None


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
