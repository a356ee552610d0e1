from django.db import models


class DataVersion(models.Model):
    """A number every write to the domain tables raises; cached reports are keyed on it, so a
    cached figure can never outlive the data it was computed from."""

    number = models.BigIntegerField("نسخه داده‌ها", default=0)

    class Meta:
        verbose_name = "نسخه داده‌ها"
        verbose_name_plural = "نسخه داده‌ها"

    def __str__(self):
        return str(self.number)
