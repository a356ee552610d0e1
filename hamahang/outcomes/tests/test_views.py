"""The outcome, commitment and producer-block screens, from the resolution and case pages."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hamahang.accounts.models import Role
from hamahang.accounts.tests.factories import UserFactory
from hamahang.meetings.models import Resolution
from hamahang.outcomes import services
from hamahang.outcomes.models import AssignmentBlock, Outcome, ProducerCommitment

pytestmark = pytest.mark.django_db


def test_an_outcome_recorded_on_the_resolution_page_shows_there(secretariat_client, resolution):
    url = reverse("outcomes:outcome_create") + f"?resolution={resolution.pk}"
    assert "ثبت دستاورد" in secretariat_client.get(url).content.decode()
    response = secretariat_client.post(
        reverse("outcomes:outcome_create"),
        {
            "resolution": resolution.pk,
            "kind": "jobs_created",
            "quantity": "۲٬۵۰۰",
            "date": "۱۳۹۹/۰۵/۱۰",
            "source": "گزارش اداره کل تعاون",
        },
    )
    assert response.status_code == 302
    page = secretariat_client.get(resolution.get_absolute_url()).content.decode()
    assert "ایجاد اشتغال ۲٬۵۰۰ نفر" in page
    assert "ثبت دستاورد" in page  # on the timeline too


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "jobs_kept", "quantity": "-۵"}, "بزرگ‌تر از صفر"),
        ({"kind": "money_released", "quantity": "1000"}, "ارز را مشخص کنید"),
        ({"kind": "jobs_kept", "quantity": "5", "date": "۱۴۰۶/۰۱/۰۱"}, "در آینده است"),
        ({"kind": "jobs_kept", "quantity": "5", "date": "۱۳۹۹/۱۳/۴۰"}, "ماه"),
    ],
)
def test_bad_input_on_the_form_is_shown_in_persian_and_nothing_is_saved(
    secretariat_client, resolution, fields, message
):
    data = {
        "resolution": resolution.pk,
        "date": "۱۳۹۹/۰۵/۱۰",
        "source": "گزارش اداره کل تعاون",
        **fields,
    }
    response = secretariat_client.post(reverse("outcomes:outcome_create"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Outcome.objects.exists()


def test_a_liaison_cannot_open_the_outcome_form(client, resolution, agency_a):
    client.force_login(UserFactory(agency=agency_a, role=Role.AGENCY_LIAISON))
    url = reverse("outcomes:outcome_create") + f"?resolution={resolution.pk}"
    assert client.get(url).status_code == 403


def test_an_unknown_subject_is_not_found(secretariat_client):
    assert (
        secretariat_client.get(reverse("outcomes:outcome_create") + "?resolution=x").status_code
        == 404
    )
    assert (
        secretariat_client.get(reverse("outcomes:outcome_create") + "?case=99999").status_code
        == 404
    )


def test_block_and_unblock_from_the_resolution_page(
    secretariat_client, secretariat_user, resolution, unit
):
    Resolution.objects.filter(pk=resolution.pk).update(unit=unit)
    assignment = resolution.assignments.get()
    response = secretariat_client.post(
        reverse("outcomes:commitment_create"),
        {
            "resolution": resolution.pk,
            "kind": "repay_arrears",
            "description": "بازپرداخت معوقات",
            "deadline": "۱۳۹۹/۰۴/۰۱",
        },
    )
    assert response.status_code == 302
    commitment = ProducerCommitment.objects.get()
    page = secretariat_client.get(resolution.get_absolute_url()).content.decode()
    assert "معطل تعهد تولیدکننده:" in page
    block_url = reverse("outcomes:assignment_block", args=[assignment.pk])
    empty = secretariat_client.post(block_url, {"commitment": commitment.pk, "reason": ""})
    assert empty.status_code == 200 and not AssignmentBlock.objects.exists()
    secretariat_client.post(block_url, {"commitment": commitment.pk, "reason": "بدهی معوق"})
    assert AssignmentBlock.objects.filter(assignment=assignment, lifted_at=None).exists()
    page = secretariat_client.get(resolution.get_absolute_url()).content.decode()
    assert "بدهی معوق" in page
    secretariat_client.post(reverse("outcomes:assignment_unblock", args=[assignment.pk]))
    assert not AssignmentBlock.objects.filter(lifted_at=None).exists()
    kinds = list(resolution.events.values_list("kind", flat=True))
    assert "producer_blocked" in kinds and "producer_unblocked" in kinds


def test_the_resolution_and_case_pages_keep_their_query_budget(
    secretariat_client, secretariat_user, resolution, case, unit, django_assert_max_num_queries
):
    def record(n):
        services.outcome_record(
            kind="jobs_kept",
            quantity=n,
            date=dt.date(2020, 8, 1),
            source="گزارش",
            resolution=resolution,
            case=case,
            acting_user=secretariat_user,
        )

    record(1)
    pages = [resolution.get_absolute_url(), case.get_absolute_url()]
    counts = {}
    for url in pages:
        with CaptureQueriesContext(connection) as captured:
            assert secretariat_client.get(url).status_code == 200
        counts[url] = len(captured.captured_queries)
    for n in range(2, 30):
        record(n)
    services.commitment_create(
        unit=unit,
        case=case,
        kind="other",
        description="تعهد",
        deadline=dt.date(2020, 9, 1),
        acting_user=secretariat_user,
    )
    for url in pages:
        with django_assert_max_num_queries(counts[url]):
            assert secretariat_client.get(url).status_code == 200


def test_the_dashboard_states_this_years_outcomes_to_staff_only(
    secretariat_client,
    secretariat_user,
    resolution,
    client,
    agency_a,
    django_assert_max_num_queries,
):
    page = secretariat_client.get(reverse("home")).content.decode()
    assert 'id="home-outcomes"' not in page  # nothing recorded: no card of zeros
    today = dt.date(2026, 11, 30)
    for n in range(1, 8):
        services.outcome_record(
            kind="jobs_kept" if n % 2 else "jobs_created",
            quantity=n * 100,
            date=today - dt.timedelta(days=n),
            source="گزارش",
            resolution=resolution,
            acting_user=secretariat_user,
        )
    with django_assert_max_num_queries(13):  # the dashboard's 12 and one for the outcomes
        page = secretariat_client.get(reverse("home")).content.decode()
    assert 'data-figure="outcome-jobs-kept">۱٬۶۰۰<' in page  # 100 + 300 + 500 + 700
    assert 'data-figure="outcome-jobs-created">۱٬۲۰۰<' in page  # 200 + 400 + 600
    client.force_login(UserFactory(agency=agency_a, role=Role.AGENCY_LIAISON))
    assert 'id="home-outcomes"' not in client.get(reverse("home")).content.decode()
