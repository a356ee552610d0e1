from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "hamahang.api"
    verbose_name = "API"
