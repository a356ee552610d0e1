from django.urls import path

from hamahang.projects import views

app_name = "projects"

urlpatterns = [
    path("projects/", views.project_list, name="project_list"),
    path("projects/new/", views.project_create, name="project_create"),
    path("projects/lookup/", views.project_lookup, name="project_lookup"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("projects/<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("projects/<int:pk>/status/", views.project_transition, name="project_transition"),
    path("projects/<int:pk>/investments/", views.investment_add, name="investment_add"),
    path(
        "projects/<int:pk>/investments/<int:line_pk>/remove/",
        views.investment_remove,
        name="investment_remove",
    ),
    path("projects/<int:pk>/contracts/", views.contract_add, name="contract_add"),
    path("contracts/<int:pk>/step/", views.contract_step, name="contract_step"),
    path("contracts/", views.contract_pipeline, name="contract_pipeline"),
    path("submissions/", views.submission_list, name="submission_list"),
    path("submissions/new/", views.submission_create, name="submission_create"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission_detail"),
    path("submissions/<int:pk>/send/", views.submission_send, name="submission_send"),
    path("submission-items/<int:pk>/outcome/", views.submission_outcome, name="submission_outcome"),
    path(
        "submissions/<int:pk>/export.<str:fmt>",
        views.submission_export,
        name="submission_export",
    ),
]
