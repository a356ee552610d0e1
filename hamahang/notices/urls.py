from django.urls import path

from hamahang.notices import views

app_name = "notices"

urlpatterns = [
    path("accounts/profile/", views.profile, name="profile"),
]
