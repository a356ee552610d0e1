from django.urls import path

from hamahang.imports import views

app_name = "imports"

urlpatterns = [
    path("imports/", views.import_list, name="import_list"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/confirm/", views.import_confirm, name="import_confirm"),
    path("imports/<int:pk>/retry/", views.import_retry, name="import_retry"),
    path("imports/templates/<str:kind>.xlsx", views.template_download, name="template"),
    path("imports/export/<str:kind>.xlsx", views.export_download, name="export"),
]
