"""The obstacle taxonomy (طبقه‌بندی موانع): what stands in a producer's way, coded on every
support case and resolution (meetings import it from here: units sit left of meetings), with
the legal basis an office may cite («مستند قانونی»)."""

from django.core.exceptions import ValidationError
from django.db import models

from hamahang.core.text import normalize_text


class Obstacle(models.TextChoices):
    BANK_FINANCE = "bank_finance", "تأمین مالی بانکی"
    TAX = "tax", "مالیات"
    SOCIAL_SECURITY = "social_security", "تأمین اجتماعی"
    CUSTOMS = "customs", "گمرک"
    WATER = "water", "آب"
    ELECTRICITY = "electricity", "برق"
    GAS = "gas", "گاز"
    PERMITS_LAND = "permits_land", "مجوز و زمین"
    RAW_MATERIAL_FX = "raw_material_fx", "تخصیص مواد اولیه و ارز"
    MARKET = "market", "بازار"
    OTHER = "other", "سایر"


LEGAL_BASIS_MAX = 300


def obstacle_field():
    return models.CharField(
        "مانع", max_length=20, choices=Obstacle.choices, blank=True, default="", db_index=True
    )


def legal_basis_field():
    return models.CharField(
        "مستند قانونی",
        max_length=LEGAL_BASIS_MAX,
        blank=True,
        help_text="مانند «ماده ۶۱ قانون رفع موانع تولید رقابت‌پذیر»",
    )


def clean_obstacle(obstacle: str | None, legal_basis: str | None) -> tuple[str, str]:
    """The obstacle code and the legal basis as stored; a Persian refusal for an unknown code."""
    obstacle = obstacle or ""
    if obstacle and obstacle not in Obstacle.values:
        raise ValidationError(
            {
                "obstacle": ValidationError(
                    f"مانع «{obstacle}» در فهرست موانع نیست.", code="unknown_obstacle"
                )
            }
        )
    legal_basis = normalize_text(legal_basis or "")
    if len(legal_basis) > LEGAL_BASIS_MAX:
        raise ValidationError(
            {
                "legal_basis": ValidationError(
                    "مستند قانونی بیش از حد طولانی است.", code="legal_basis_too_long"
                )
            }
        )
    return obstacle, legal_basis
