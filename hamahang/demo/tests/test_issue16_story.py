"""The demo tells issue 16's story in 1405: signed minutes, an objection under review and the
escalation chain at both steps, each on a different assignment. One demo load (`demo_db`)."""

import pytest
from django.urls import reverse

from hamahang.accounts.models import User
from hamahang.core.jalali import jalali_year
from hamahang.meetings.models import Escalation, Meeting, Objection, ResolutionEvent
from hamahang.meetings.tests.conftest import pdf_key, pdf_text_key
from hamahang.signoff.models import SignedMinutes

pytestmark = pytest.mark.django_db


def test_the_demo_has_signed_minutes_and_an_objection_under_review(demo_db):
    signed = SignedMinutes.objects.select_related("meeting").get()
    assert signed.meeting.status == Meeting.Status.APPROVED
    assert jalali_year(signed.meeting.date) == 1405
    objection = Objection.objects.get(status=Objection.Status.UNDER_REVIEW)
    assert objection.assignment.is_paused


def test_the_demo_has_work_escalated_to_the_head_and_other_work_to_the_deputy(demo_db, client):
    head_only = Escalation.objects.filter(level=1).exclude(assignment__escalations__level=2)
    deputy = Escalation.objects.filter(level=2)
    assert head_only.count() == 1 and deputy.count() == 1
    assert head_only.get().assignment_id != deputy.get().assignment_id
    assert (
        deputy.get().day > Escalation.objects.get(assignment=deputy.get().assignment, level=1).day
    )
    escalated = deputy.get().assignment
    assert jalali_year(escalated.resolution.meeting_date) == 1405
    steps = ResolutionEvent.objects.filter(assignment=escalated, kind="escalated")
    assert steps.count() == 2 and "حسین رضایی" in steps.last().description

    client.force_login(User.objects.get(username="dabir"))
    response = client.get(reverse("meetings:assignment_dossier_pdf", args=[escalated.pk]))
    text = pdf_text_key(response.content)
    for words in ["پرونده ترک فعل", "معاون استاندار", "حسین رضایی", escalated.agency.head_name]:
        assert pdf_key(words) in text, words
    client.force_login(User.objects.get(username="modir"))
    assert 'id="home-escalated"' in client.get("/").content.decode()
    client.force_login(User.objects.get(username="samat"))
    response = client.get(reverse("meetings:assignment_dossier_pdf", args=[escalated.pk]))
    assert response.status_code == 404
