from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "hamahang.organizations"
    verbose_name = "سازمان‌ها و ستادها"
