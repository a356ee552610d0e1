from django.apps import AppConfig


class PublicConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "hamahang.public"
    verbose_name = "درگاه عمومی"
