from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hamahang.accounts"
    verbose_name = "کاربران و دسترسی"

    def ready(self):
        from django.contrib.auth import user_logged_in
        from django.contrib.auth.models import update_last_login

        from hamahang.accounts.signals import record_last_login

        # Django's own receiver saves the user, and every save writes a history row: a sign-in
        # is not a change to the person's record (last_login is excluded from the history).
        user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
        user_logged_in.connect(record_last_login, dispatch_uid="update_last_login")
