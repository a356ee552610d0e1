"""Data versions per province: one bump per province per action, a write in one province leaves
another's caches warm, national caches go cold, and (PostgreSQL) two provinces' writers never
wait on each other."""

import datetime as dt
import threading

import pytest
from django.db import OperationalError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hamahang.accounts.models import Role
from hamahang.accounts.tests.factories import UserFactory
from hamahang.core.jalali import Period
from hamahang.core.models import DataVersion
from hamahang.core.versioning import (
    REFERENCE,
    data_version,
    one_version_bump,
    province_of,
    versioned,
)
from hamahang.meetings import services
from hamahang.meetings.tests.factories import make_meeting
from hamahang.organizations.tests.factories import (
    AgencyFactory,
    CommitteeFactory,
    ProvinceFactory,
)
from hamahang.reports.cache import cached_report
from hamahang.reports.engine import Scope

HELD_ON = dt.date(2020, 9, 15)


class Office:
    """A province with its office, committee, two agencies, a secretary and a liaison."""

    def __init__(self, name: str):
        self.province = ProvinceFactory(name=name, code=f"p-{name}")
        office = AgencyFactory(province=self.province, name="دفتر هماهنگی", kind="governorate")
        self.committee = CommitteeFactory(province=self.province, secretariat=office)
        self.agencies = [
            AgencyFactory(province=self.province, name=f"دستگاه {n}") for n in ("یک", "دو", "سه")
        ]
        self.secretary = UserFactory(agency=office, role=Role.SECRETARIAT)
        self.liaison = UserFactory(agency=self.agencies[0], role=Role.AGENCY_LIAISON)

    def issue(self, text: str = "گزارش تسهیلات ارائه شود."):
        meeting = make_meeting(self.committee, HELD_ON)
        return services.resolution_create(
            meeting=meeting,
            text=text,
            assignments=[
                services.AssignmentSpec(agency, HELD_ON + dt.timedelta(days=30))
                for agency in self.agencies
            ],
            acting_user=self.secretary,
        )


def _version_updates(queries) -> list[str]:
    table = DataVersion._meta.db_table
    return [
        q["sql"]
        for q in queries
        if q["sql"].startswith(("UPDATE", "INSERT")) and f'"{table}"' in q["sql"]
    ]


@pytest.mark.django_db
def test_an_action_raises_its_provinces_version_exactly_once():
    qom = Office("قم")
    meeting = make_meeting(qom.committee, HELD_ON)
    before, reference = data_version(qom.province.pk), data_version(REFERENCE)
    with CaptureQueriesContext(connection) as queries:
        resolution = services.resolution_create(
            meeting=meeting,
            text="سه دستگاه گزارش دهند.",
            assignments=[
                services.AssignmentSpec(agency, HELD_ON + dt.timedelta(days=30))
                for agency in qom.agencies
            ],
            acting_user=qom.secretary,
        )
    # A resolution, three assignments, their events and history rows: one version write.
    assert resolution.assignments.count() == 3
    assert len(_version_updates(queries.captured_queries)) == 1
    assert data_version(qom.province.pk) > before
    assert data_version(REFERENCE) == reference  # reference data untouched

    # The next action is a new transaction: bumped again, once.
    with CaptureQueriesContext(connection) as queries:
        services.resolution_update(
            resolution=resolution,
            text="سه دستگاه گزارش کامل دهند.",
            type=resolution.type,
            is_confidential=False,
            version=resolution.version,
            acting_user=qom.secretary,
        )
    assert len(_version_updates(queries.captured_queries)) == 1


@pytest.mark.django_db
def test_an_import_block_bumps_each_touched_province_once():
    qom, khuzestan = Office("قم"), Office("خوزستان")
    with CaptureQueriesContext(connection) as queries, transaction.atomic(), one_version_bump():
        for days in range(3):
            make_meeting(qom.committee, HELD_ON + dt.timedelta(days=days))
        make_meeting(khuzestan.committee, HELD_ON)
        assert not _version_updates(queries.captured_queries)  # deferred to the end
    assert len(_version_updates(queries.captured_queries)) == 2


@pytest.mark.django_db
def test_a_rolled_back_savepoint_does_not_swallow_the_next_bump():
    qom = Office("قم")
    before = data_version(qom.province.pk)
    with transaction.atomic():
        try:
            with transaction.atomic():
                make_meeting(qom.committee, HELD_ON)
                raise RuntimeError
        except RuntimeError:
            pass
        assert data_version(qom.province.pk) == before  # rolled back with the row
        make_meeting(qom.committee, HELD_ON + dt.timedelta(days=1))
        assert data_version(qom.province.pk) > before


@pytest.mark.django_db
def test_signing_in_leaves_every_cache_warm(client):
    qom = Office("قم")
    versions = list(DataVersion.objects.order_by("scope").values_list("scope", "number"))
    client.force_login(qom.secretary)  # saves last_login
    assert list(DataVersion.objects.order_by("scope").values_list("scope", "number")) == versions


@pytest.mark.django_db
def test_each_row_finds_its_province():
    qom = Office("قم")
    resolution = qom.issue()
    assignment = resolution.assignments.first()
    followup_province = province_of(assignment)
    assert followup_province == qom.province.pk
    assert province_of(resolution.meeting) == qom.province.pk
    assert province_of(qom.province) is None  # reference data


@pytest.mark.django_db
def test_a_write_in_one_province_leaves_anothers_caches_warm(
    real_cache, client, django_assert_max_num_queries
):
    qom, khuzestan = Office("قم"), Office("خوزستان")
    khuzestan.issue("گزارش تسهیلات خوزستان ارائه شود.")
    period = Period.fiscal_year(1399)
    calls = {"national": 0}

    def national():
        calls["national"] += 1
        return calls["national"]

    client.force_login(khuzestan.liaison)
    page = client.get(reverse("meetings:inbox")).content.decode()
    assert "گزارش تسهیلات خوزستان" in page
    cached_report(period=period, scope=Scope(province_id=khuzestan.province.pk))
    assert versioned("national-test", province_id=None, compute=national) == 1

    qom.issue("گزارش تسهیلات قم ارائه شود.")  # a write in Qom only

    with django_assert_max_num_queries(4):  # session, user, agency, versions: no lists
        again = client.get(reverse("meetings:inbox")).content.decode()
    assert "گزارش تسهیلات خوزستان" in again
    with django_assert_max_num_queries(1):  # only the versions are read: a cache hit
        cached_report(period=period, scope=Scope(province_id=khuzestan.province.pk))
    # The national view reads every province: it is computed afresh.
    assert versioned("national-test", province_id=None, compute=national) == 2

    khuzestan.issue("خوزستان دوباره.")  # a write in Khuzestan makes its own cache cold
    calls_before = calls["national"]
    with CaptureQueriesContext(connection) as queries:
        cached_report(period=period, scope=Scope(province_id=khuzestan.province.pk))
    assert len(queries) > 1
    assert calls["national"] == calls_before


# --- PostgreSQL: two provinces' writers do not wait on each other ---------------------------


def _postgresql() -> bool:
    return connection.vendor == "postgresql"


@pytest.mark.django_db(transaction=True)
def test_two_provinces_write_concurrently_without_waiting_on_postgresql():
    if not _postgresql():
        pytest.skip("row locks are PostgreSQL's; SQLite serialises every writer anyway")
    qom, khuzestan = Office("قم"), Office("خوزستان")
    for office in (qom, khuzestan):  # each province's version row exists, as in production
        office.issue()
    written, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def hold_qom_open():
        try:
            with transaction.atomic():
                make_meeting(qom.committee, HELD_ON + dt.timedelta(days=2))
                written.set()
                release.wait(30)
        except BaseException as error:  # reported below
            errors.append(error)
            written.set()
        finally:
            connections.close_all()

    def write(office) -> None:
        with transaction.atomic():
            with connection.cursor() as cursor:  # a block fails at once instead of waiting
                cursor.execute("SET LOCAL lock_timeout = '1s'")
            services.meeting_create(
                committee=office.committee,
                date=HELD_ON + dt.timedelta(days=3),
                acting_user=office.secretary,
            )

    def in_thread(office) -> BaseException | None:
        outcome: list[BaseException | None] = [None]

        def run():
            try:
                write(office)
            except BaseException as error:
                outcome[0] = error
            finally:
                connections.close_all()

        thread = threading.Thread(target=run)
        thread.start()
        thread.join(30)
        return outcome[0]

    holder = threading.Thread(target=hold_qom_open)
    holder.start()
    try:
        assert written.wait(30) and not errors
        before = data_version(khuzestan.province.pk)
        # Khuzestan commits while Qom's transaction is still open.
        assert in_thread(khuzestan) is None
        assert data_version(khuzestan.province.pk) > before
        # The test can fail: a second writer in Qom does wait on Qom's version row.
        blocked = in_thread(qom)
        assert isinstance(blocked, OperationalError) and "lock timeout" in str(blocked)
    finally:
        release.set()
        holder.join(30)
    assert not errors


@pytest.mark.django_db
def test_a_lagging_value_goes_to_a_reader_within_the_age_never_to_the_writer(real_cache):
    import time

    from hamahang.core.freshness import reading_as
    from hamahang.core.versioning import bump_data_version

    computed = []

    def compute():
        computed.append(len(computed) + 1)
        return computed[-1]

    def value():
        return versioned("lagging-test", "q", province_id=None, compute=compute, lagging=True)

    assert value() == 1
    assert value() == 1  # same versions: kept, whoever asks
    bump_data_version()  # a write somewhere
    written_at = time.time()
    with reading_as(written_at - 5):  # a reader allowed data read up to 5 s before now
        assert value() == 1
    with reading_as(written_at):  # the writer: nothing read before the write
        assert value() == 2
    with reading_as(written_at - 5):
        assert value() == 2  # the newest rendering is what readers get from now on
    bump_data_version()
    assert value() == 3  # no age allowed (outside a request): exact
    assert value() == 3  # current versions: exact, however old
    bump_data_version()
    with reading_as(time.time() + 1):  # read before the allowed moment: recomputed
        assert value() == 4
