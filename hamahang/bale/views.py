"""The Bale link page and the bot's webhook."""

from __future__ import annotations

import hmac
import json
import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from hamahang.bale import selectors, services
from hamahang.bale.updates import handle_update
from hamahang.core.services import error_text

logger = logging.getLogger(__name__)


@login_required
def link(request):
    """The user's Bale link: the linked chat, or a one-time deep link to open in Bale."""
    code = None
    if request.method == "POST":
        try:
            code = services.bale_link_code_create(user=request.user)
        except ValidationError as error:
            messages.error(request, error_text(error))
    return render(
        request,
        "bale/link.html",
        {
            "link": selectors.active_link(request.user),
            "code": code,
            "deep_link": services.deep_link(code.code) if code else "",
            "bot_username": settings.BALE_BOT_USERNAME,
        },
    )


@login_required
@require_POST
def unlink(request):
    if services.bale_unlink(user=request.user):
        messages.success(request, "پیوند بله برداشته شد؛ دیگر پیامی به آن گفت‌وگو نمی‌رود.")
    return redirect("bale:link")


@csrf_exempt
@require_POST
def webhook(request, secret: str):
    """Bale posts each update here. The secret in the path is compared in constant time; a
    wrong one answers 404 with nothing done. A handled or redelivered update answers 200."""
    expected = settings.BALE_WEBHOOK_SECRET
    if not expected or not hmac.compare_digest(secret.encode(), expected.encode()):
        raise Http404
    try:
        update = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return HttpResponseBadRequest("بدنه درخواست JSON معتبر نیست.")
    if not isinstance(update, dict):
        return HttpResponseBadRequest("بدنه درخواست JSON معتبر نیست.")
    note = handle_update(update)
    logger.info("Bale update %s: %s", update.get("update_id"), note)
    return HttpResponse("ok")
