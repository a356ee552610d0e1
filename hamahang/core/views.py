"""Shared views: Persian error pages (403/404/500) and the amount-in-words helper."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.html import format_html

from hamahang.core.numbers import NumberError, official_amount, parse_decimal


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    # Rendered without the request context: the failure may lie in it.
    return HttpResponseServerError(loader.get_template("errors/500.html").render())


@login_required
def amount_words(request):
    """The amount typed in the field named by `field`, as officials write it (htmx fragment)."""
    raw = request.GET.get(request.GET.get("field", "amount"), "")
    currency = request.GET.get(request.GET.get("currency_field", "currency")) or "IRR"
    if not raw.strip():
        return HttpResponse("")
    try:
        text = official_amount(parse_decimal(raw), currency)
    except NumberError as error:
        return HttpResponse(format_html('<span class="text-danger">{}</span>', error.message))
    return HttpResponse(format_html("{}", text))
