"""The Bale messenger bot: linked chats, one-time link codes, conversations, seen updates."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class BaleLink(models.Model):
    """A user's Bale chat: where the bot sends their notices and from which they report."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="کاربر",
        on_delete=models.CASCADE,
        related_name="bale_links",
    )
    chat_id = models.CharField("شناسه گفت‌وگو در بله", max_length=32)
    linked_at = models.DateTimeField("زمان پیوند")
    active = models.BooleanField("فعال", default=True)

    class Meta:
        verbose_name = "پیوند بله"
        verbose_name_plural = "پیوندهای بله"
        ordering = ["-linked_at"]
        constraints = [
            # One active chat per user and one active user per chat.
            models.UniqueConstraint(
                fields=["user"], condition=Q(active=True), name="bale_one_active_link_per_user"
            ),
            models.UniqueConstraint(
                fields=["chat_id"], condition=Q(active=True), name="bale_one_active_link_per_chat"
            ),
        ]

    def __str__(self):
        return f"{self.user} ← {self.chat_id}"


class BaleLinkCode(models.Model):
    """A one-time code in the deep link `https://ble.ir/<bot>?start=<code>`."""

    code = models.CharField("کد", max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="کاربر",
        on_delete=models.CASCADE,
        related_name="bale_link_codes",
    )
    created_at = models.DateTimeField("زمان ساخت")
    expires_at = models.DateTimeField("انقضا")
    used_at = models.DateTimeField("زمان استفاده", null=True, blank=True)

    class Meta:
        verbose_name = "کد پیوند بله"
        verbose_name_plural = "کدهای پیوند بله"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user} ({self.created_at:%Y-%m-%d %H:%M})"


class BaleConversation(models.Model):
    """What the bot waits for in a chat: the report on one assignment, until it expires."""

    class Kind(models.TextChoices):
        PROGRESS = "progress", "گزارش پیشرفت"
        DONE = "done", "گزارش انجام"

    chat_id = models.CharField("شناسه گفت‌وگو در بله", max_length=32, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="کاربر", on_delete=models.CASCADE, related_name="+"
    )
    assignment = models.ForeignKey(
        "meetings.Assignment", verbose_name="تکلیف", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField("نوع گزارش", max_length=20, choices=Kind.choices)
    started_at = models.DateTimeField("آغاز")
    expires_at = models.DateTimeField("انقضا")

    class Meta:
        verbose_name = "گفت‌وگوی بله"
        verbose_name_plural = "گفت‌وگوهای بله"

    def __str__(self):
        return f"{self.chat_id}: {self.assignment_id} ({self.kind})"


class BaleUpdate(models.Model):
    """An update the bot has handled (webhook or polling): a redelivered one changes nothing,
    and the largest id is where `bale_poll` goes on from."""

    update_id = models.BigIntegerField("شناسه به‌روزرسانی", unique=True)
    chat_id = models.CharField("شناسه گفت‌وگو", max_length=32, blank=True)
    received_at = models.DateTimeField("زمان دریافت")
    outcome = models.CharField("نتیجه", max_length=200, blank=True)

    class Meta:
        verbose_name = "به‌روزرسانی بله"
        verbose_name_plural = "به‌روزرسانی‌های بله"
        ordering = ["-update_id"]

    def __str__(self):
        return str(self.update_id)
