from django.conf import settings

from hamahang.core.navigation import main_navigation


def site(request):
    return {
        "site_title": settings.HAMAHANG_SITE_TITLE,
        "office_name": settings.HAMAHANG_OFFICE_NAME,
        "main_navigation": (
            main_navigation(request.path)
            if getattr(request, "user", None) and request.user.is_authenticated
            else []
        ),
    }
