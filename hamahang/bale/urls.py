from django.urls import path

from hamahang.bale import views

app_name = "bale"

urlpatterns = [
    path("bale/link/", views.link, name="link"),
    path("bale/unlink/", views.unlink, name="unlink"),
    path("bale/webhook/<str:secret>/", views.webhook, name="webhook"),
]
