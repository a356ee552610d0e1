from django.urls import path

from hamahang.webhooks import views

app_name = "webhooks"

urlpatterns = [
    path("webhooks/", views.subscription_list, name="subscription_list"),
    path("webhooks/new/", views.subscription_create, name="subscription_create"),
    path("webhooks/<int:pk>/", views.subscription_detail, name="subscription_detail"),
    path(
        "webhooks/<int:pk>/deactivate/",
        views.subscription_deactivate,
        name="subscription_deactivate",
    ),
    path("webhooks/<int:pk>/rotate/", views.subscription_rotate, name="subscription_rotate"),
]
