from django.urls import path

from hamahang.reports import views

urlpatterns = [
    path("", views.home, name="home"),
]
