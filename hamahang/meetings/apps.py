from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "hamahang.meetings"
    verbose_name = "جلسات و مصوبات"
