from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "hamahang.outcomes"
    verbose_name = "دستاوردها و تعهدات تولیدکنندگان"
