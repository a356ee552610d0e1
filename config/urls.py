from django.contrib import admin
from django.urls import include, path

from hamahang.api.api import api
from hamahang.core.ops_views import health, metrics
from hamahang.core.views import amount_words
from hamahang.reports.views import home

admin.site.site_header = "مدیریت سامانه هماهنگ"
admin.site.site_title = "سامانه هماهنگ"
admin.site.index_title = "داده‌های پایه و کاربران"

urlpatterns = [
    path("healthz", health, name="healthz"),
    path("metrics", metrics, name="metrics"),
    path("amount-words/", amount_words, name="amount_words"),
    path("api/v1/", api.urls),
    path("", home, name="home"),
    path("", include("hamahang.reports.urls")),
    path("", include("hamahang.meetings.urls")),
    path("", include("hamahang.projects.urls")),
    path("", include("hamahang.units.urls")),
    path("", include("hamahang.outcomes.urls")),
    path("", include("hamahang.imports.urls")),
    path("", include("hamahang.office.urls")),
    path("", include("hamahang.bale.urls")),
    path("", include("hamahang.signoff.urls")),
    path("", include("hamahang.invitations.urls")),
    path("", include("hamahang.notices.urls")),
    path("", include("hamahang.webhooks.urls")),
    path("", include("hamahang.public.urls")),
    path("accounts/", include("hamahang.accounts.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "hamahang.core.views.permission_denied"
handler404 = "hamahang.core.views.page_not_found"
handler500 = "hamahang.core.views.server_error"
