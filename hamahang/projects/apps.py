from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "hamahang.projects"
    verbose_name = "طرح‌ها"
