from django.urls import path

from hamahang.reports import views

app_name = "reports"

urlpatterns = [
    path("reports/", views.report, name="report"),
    path("reports/export.<str:fmt>", views.report_export, name="report_export"),
    path("reports/statement/", views.statement, name="statement"),
    path("reports/obstacles/", views.obstacles, name="obstacles"),
    path(
        "reports/obstacles/proposal.<str:fmt>",
        views.obstacles_proposal,
        name="obstacles_proposal",
    ),
]
