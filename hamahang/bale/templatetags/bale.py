"""`{% load bale %}{% bale_link_box %}`: the Bale link box on another page (the profile),
without that page's app importing this one."""

from django import template
from django.conf import settings

from hamahang.bale import selectors

register = template.Library()


@register.inclusion_tag("bale/link.html#box", takes_context=True)
def bale_link_box(context):
    request = context["request"]
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "link": selectors.active_link(request.user),
        "code": None,
        "deep_link": "",
        "bot_username": settings.BALE_BOT_USERNAME,
    }
