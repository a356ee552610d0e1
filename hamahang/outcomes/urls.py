from django.urls import path

from hamahang.outcomes import views

app_name = "outcomes"

urlpatterns = [
    path("outcomes/new/", views.outcome_create, name="outcome_create"),
    path("commitments/new/", views.commitment_create, name="commitment_create"),
    path("commitments/<int:pk>/status/", views.commitment_status, name="commitment_status"),
    path("assignments/<int:pk>/producer-block/", views.assignment_block, name="assignment_block"),
    path(
        "assignments/<int:pk>/producer-unblock/",
        views.assignment_unblock,
        name="assignment_unblock",
    ),
]
