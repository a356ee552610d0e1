"""Stored report figures a few seconds behind the data are shown to a reader who has not
written since, never to the writer, and never cached (core.freshness, reports.partials)."""

import datetime as dt
import time

import pytest
from django.core.cache import caches
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.utils import timezone

from hamahang.core import freshness
from hamahang.core.jalali import today
from hamahang.core.versioning import versioned
from hamahang.meetings.models import Assignment
from hamahang.reports import partials
from hamahang.reports.engine import Scope, build_report
from hamahang.reports.models import ProvinceFigures
from hamahang.reports.tests.test_partials import WHOLE, country  # noqa: F401 (a fixture)


def _not_done(report) -> int:
    return sum(a.not_done for a in report.accountability)


@pytest.mark.django_db
def test_a_reader_sees_recent_figures_the_writer_sees_the_write(country):  # noqa: F811
    first, _ = country
    as_of = today()
    before = build_report(period=WHOLE, scope=Scope(), as_of=as_of)
    assert before.current
    rows = dict(ProvinceFigures.objects.values_list("province_id", "computed_at"))

    assignment = Assignment.objects.filter(
        resolution__committee__province=first, status__in=Assignment.OPEN_STATUSES
    ).first()
    Assignment.objects.filter(pk=assignment.pk).update(status=Assignment.Status.NOT_FEASIBLE)
    assignment.refresh_from_db()
    assignment.save()  # the province's version moves
    written_at = time.time()

    # Another reader, within the allowed age: the stored figures, marked not current.
    with freshness.reading_as(written_at - 5):
        seen = build_report(period=WHOLE, scope=Scope(), as_of=as_of)
    assert not seen.current
    assert _not_done(seen) == _not_done(before)
    assert dict(ProvinceFigures.objects.values_list("province_id", "computed_at")) == rows

    # The writer: nothing read before the write will do; the province is recomputed.
    with freshness.reading_as(written_at):
        mine = build_report(period=WHOLE, scope=Scope(), as_of=as_of)
    assert mine.current
    assert _not_done(mine) == _not_done(before) + 1
    exact = build_report(period=WHOLE, scope=Scope(), as_of=as_of, stored=False)
    assert mine.to_dict() == exact.to_dict()
    # The province report follows the same rule.
    with freshness.reading_as(written_at):
        assert build_report(period=WHOLE, scope=Scope(province_id=first.pk), as_of=as_of).current


@pytest.mark.django_db
def test_the_age_counts_from_the_last_moment_the_worker_found_a_row_current(country):  # noqa: F811
    first, _ = country
    as_of = today()
    build_report(period=WHOLE, scope=Scope(), as_of=as_of)
    long_ago = timezone.now() - dt.timedelta(hours=1)
    ProvinceFigures.objects.update(computed_at=long_ago)
    assert partials.refresh(as_of) == 0  # nothing to recompute; every row confirmed current
    confirmed = set(ProvinceFigures.objects.values_list("computed_at", flat=True))
    assert min(confirmed) > long_ago

    assignment = Assignment.objects.filter(resolution__committee__province=first).first()
    assignment.notes = "ویرایش"
    assignment.save()
    with freshness.reading_as(time.time() - 5):
        assert not build_report(period=WHOLE, scope=Scope(), as_of=as_of).current

    # A recent row stored in an older shape of the sections is never read.
    ProvinceFigures.objects.filter(province=first).update(version="1.1")
    with freshness.reading_as(time.time() - 5):
        assert build_report(period=WHOLE, scope=Scope(), as_of=as_of).current

    # Unconfirmed for longer than the allowed age: recomputed, even for a reader.
    assignment.save()
    ProvinceFigures.objects.update(computed_at=long_ago)
    with freshness.reading_as(time.time() - 5):
        assert build_report(period=WHOLE, scope=Scope(), as_of=as_of).current
    assert partials.refresh(as_of) == 0


@pytest.mark.django_db
def test_outside_a_request_the_figures_are_always_exact(country):  # noqa: F811
    first, _ = country
    as_of = today()
    build_report(period=WHOLE, scope=Scope(), as_of=as_of)
    assignment = Assignment.objects.filter(
        resolution__committee__province=first, status__in=Assignment.OPEN_STATUSES
    ).first()
    assignment.notes = "ویرایش"
    assignment.save()
    assert freshness.oldest_allowed() is None
    assert build_report(period=WHOLE, scope=Scope(), as_of=as_of).current


def _respond(method: str, cookies: dict | None = None):
    request = getattr(RequestFactory(), method.lower())("/reports/")
    request.COOKIES.update(cookies or {})
    seen = {}

    def view(request):
        seen["oldest"] = freshness.oldest_allowed()
        return HttpResponse("ok")

    response = freshness.FreshnessMiddleware(view)(request)
    return response, seen["oldest"]


@override_settings(HAMAHANG_FIGURES_MAX_AGE=5)
def test_the_middleware_remembers_the_last_write_of_this_browser():
    started = time.time()
    response, oldest = _respond("GET")
    assert started - 5 <= oldest <= time.time() - 5 + 0.5
    assert freshness.COOKIE not in response.cookies  # a read sets nothing

    response, oldest = _respond("POST")
    assert oldest is None  # a write's own reads are exact
    cookie = response.cookies[freshness.COOKIE]
    assert cookie["httponly"]

    _, oldest = _respond("GET", {freshness.COOKIE: cookie.value})
    assert oldest >= started  # nothing read before the write

    _, oldest = _respond("GET", {freshness.COOKIE: "9999999999.0"})
    assert oldest <= time.time() - 4.5  # an unsigned value is no write: it cannot block others


@override_settings(HAMAHANG_FIGURES_MAX_AGE=0)
def test_no_age_allowed_means_exact_figures_for_everyone():
    _, oldest = _respond("GET")
    assert oldest is None


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}})
@pytest.mark.django_db
def test_a_value_computed_from_older_data_is_kept_for_lagging_readers_only():
    calls = []
    behind = time.time() - 3  # the figures it was built from were last known current then

    def compute():
        calls.append(1)
        return len(calls)

    def value():
        return versioned(
            "t", province_id=None, compute=compute, lagging=True, behind_since=lambda v: behind
        )

    assert value() == 1
    assert value() == 2  # not the current versions' value: the exact asker computes again
    with freshness.reading_as(behind - 1):  # a reader allowed figures that old
        assert value() == 2
    with freshness.reading_as(behind + 1):  # not that old
        assert value() == 3
    caches["default"].clear()


@override_settings(HAMAHANG_FIGURES_MAX_AGE=5)
@pytest.mark.django_db
def test_the_worker_lets_a_just_computed_row_settle_before_recomputing_it(country):  # noqa: F811
    first, _ = country
    as_of = today()
    build_report(period=WHOLE, scope=Scope(), as_of=as_of)
    assignment = Assignment.objects.filter(resolution__committee__province=first).first()
    assignment.notes = "ویرایش"
    assignment.save()
    # The rows were read from the data just now (however long computing them took on a busy
    # machine: the moment stored is when each reading began).
    ProvinceFigures.objects.update(computed_at=timezone.now())
    assert partials.refresh(as_of) == 0  # read from the data a moment ago: readers may use it
    ProvinceFigures.objects.update(computed_at=timezone.now() - dt.timedelta(seconds=3))
    assert partials.refresh(as_of) == 1  # half the allowed age passed: recomputed
    assert partials.refresh(as_of) == 0


def _meetings_figure(page: str) -> str:
    import re

    return re.search(r'data-figure="meetings-facilitation"[^>]*>([^<]+)<', page).group(1)


@pytest.mark.django_db
def test_the_report_page_may_be_seconds_behind_for_a_reader_never_for_the_writer(
    real_cache, settings, secretariat_client, province, office
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from hamahang.meetings.tests.factories import make_meeting
    from hamahang.organizations.tests.factories import CommitteeFactory

    settings.HAMAHANG_FIGURES_MAX_AGE = 5
    committee = CommitteeFactory(province=province, secretariat=office)
    make_meeting(committee, dt.date(2020, 9, 15))
    url = reverse("reports:report") + "?period=y1399"
    assert _meetings_figure(secretariat_client.get(url).content.decode()) == "۱"

    make_meeting(committee, dt.date(2020, 10, 15))  # someone else records a held meeting
    with CaptureQueriesContext(connection) as queries:
        page = secretariat_client.get(url).content.decode()
    assert _meetings_figure(page) == "۱"
    # the page rendered a moment ago, as it was: no figure was read or summed again
    assert not [q for q in queries.captured_queries if "reports_provincefigures" in q["sql"]]

    # This user writes (plans a meeting): the page is rendered again from current figures.
    response = secretariat_client.post(
        reverse("meetings:meeting_create"), {"committee": committee.pk, "date": "۱۳۹۹/۰۹/۲۵"}
    )
    assert response.status_code == 302
    assert _meetings_figure(secretariat_client.get(url).content.decode()) == "۲"


@pytest.mark.django_db
def test_an_api_token_that_wrote_reads_after_its_write_others_may_read_seconds_behind(
    real_cache, settings, client, secretariat_user, province, office
):
    """A token keeps no cookie: its user's write is remembered on the server instead."""
    from hamahang.accounts.tokens import api_token_create
    from hamahang.meetings.tests.factories import make_meeting
    from hamahang.organizations.tests.factories import CommitteeFactory

    settings.HAMAHANG_FIGURES_MAX_AGE = 5
    committee = CommitteeFactory(province=province, secretariat=office)
    make_meeting(committee, dt.date(2020, 9, 15))
    writer = {
        "HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=secretariat_user, name='w')[1]}"
    }
    reader = {
        "HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=secretariat_user, name='r')[1]}"
    }
    url = "/api/v1/report?date_from=2020-03-20&date_to=2021-03-20"

    def meetings(headers) -> int:
        response = client.get(url, **headers)
        assert response.status_code == 200
        (row,) = [row for row in response.json()["meetings"] if row["committee_id"] == committee.pk]
        return row["meetings"]

    assert meetings(writer) == 1
    make_meeting(committee, dt.date(2020, 10, 15))  # recorded by someone else
    assert meetings(writer) == 1  # seconds behind: allowed to a client that has not written

    response = client.post(
        "/api/v1/meetings",
        {"committee_id": committee.pk, "date": "2020-12-15"},
        content_type="application/json",
        **writer,
    )
    assert response.status_code == 201, response.content
    client.cookies.clear()  # a script keeps no cookie: only its user is known
    assert meetings(writer) == 2
    # The same user through another token (another script) is the same writer.
    assert meetings(reader) == 2
