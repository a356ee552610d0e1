"""Mail to an agency: its own address and its active liaisons' addresses."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

from hamahang.accounts.models import Role, User
from hamahang.organizations.models import Agency


def agency_recipients(agency: Agency) -> list[str]:
    """The agency's own address and its active liaisons' addresses."""
    liaisons = User.objects.filter(
        agency=agency,
        is_active=True,
        role__in=[Role.AGENCY_LIAISON, Role.BANK_LIAISON],
    ).exclude(email="")
    addresses = [agency.email] if agency.email else []
    addresses += list(liaisons.values_list("email", flat=True))
    return sorted(set(addresses))


def send_agency_mail(*, agency: Agency, subject: str, template: str, context: dict) -> list[str]:
    recipients = agency_recipients(agency)
    if recipients:
        body = render_to_string(template, {**context, "agency": agency})
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    return recipients
