import datetime as dt
from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError

from hamahang.invitations import services
from hamahang.invitations.models import MeetingSeries, SeriesMeeting
from hamahang.meetings.models import Meeting
from hamahang.organizations.models import OfficeClosure

pytestmark = pytest.mark.django_db

NOWRUZ_WEEK = dt.date(2027, 3, 16)  # a Tuesday in Esfand 1405; the next is 3 Farvardin 1406


@contextmanager
def refused(message: str):
    with pytest.raises(ValidationError) as caught:
        yield
    assert message in " ".join(caught.value.messages), caught.value.messages


def _dates(world, **kwargs):
    options = {"committee": world.committee, "first_date": NOWRUZ_WEEK, "interval_weeks": 1}
    return services.series_dates(**{**options, **kwargs})


def test_a_meeting_on_a_nowruz_holiday_moves_to_the_next_working_day(world):
    rows = _dates(world, count=3)
    assert [r.scheduled for r in rows] == [
        dt.date(2027, 3, 16),
        dt.date(2027, 3, 23),
        dt.date(2027, 3, 30),
    ]
    # 3 and 4 Farvardin 1406 (Tuesday, Wednesday) are Nowruz: Thursday 5 Farvardin is open.
    assert [r.date for r in rows] == [dt.date(2027, 3, 16), dt.date(2027, 3, 25), rows[2].date]
    assert "تعطیل است" in rows[1].note and "۱۴۰۶/۰۱/۰۵" in rows[1].note
    assert rows[0].note == ""


def test_a_committee_off_on_thursdays_meets_on_saturday_instead(world):
    world.committee.thursday_off = True
    world.committee.save()
    rows = _dates(world, count=2)
    assert rows[1].date == dt.date(2027, 3, 27)


def test_a_closed_week_skips_that_meeting(world):
    for offset in range(8):
        OfficeClosure.objects.create(
            province=world.committee.province,
            date=dt.date(2026, 12, 8) + dt.timedelta(days=offset),
            reason="آلودگی هوا",
        )
    rows = _dates(world, first_date=dt.date(2026, 12, 1), count=3)
    assert rows[1].scheduled == dt.date(2026, 12, 8) and rows[1].date is None
    assert "برگزار نمی‌شود" in rows[1].note
    assert rows[2].date == dt.date(2026, 12, 16)  # the 15th is still closed


def test_every_other_tuesday_until_a_date(world):
    rows = _dates(
        world, first_date=dt.date(2026, 12, 1), interval_weeks=2, until=dt.date(2027, 1, 12)
    )
    assert [r.scheduled for r in rows] == [
        dt.date(2026, 12, 1),
        dt.date(2026, 12, 15),
        dt.date(2026, 12, 29),
        dt.date(2027, 1, 12),
    ]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"interval_weeks": 0, "count": 2}, "فاصله جلسات"),
        ({"interval_weeks": 13, "count": 2}, "فاصله جلسات"),
        ({"count": None}, "پایان برنامه"),
        ({"count": 0}, "تعداد جلسات"),
        ({"count": 61}, "تعداد جلسات"),
        ({"first_date": dt.date(2026, 11, 1), "count": 2}, "گذشته"),
        ({"until": dt.date(2027, 3, 1)}, "پیش از نخستین"),
        ({"until": dt.date(2030, 1, 1)}, "دو سال"),
    ],
)
def test_bad_schedules_are_refused_in_persian(world, kwargs, message):
    with refused(message):
        _dates(world, **kwargs)
    with refused(message):
        services.series_create(
            **{
                "committee": world.committee,
                "first_date": NOWRUZ_WEEK,
                "interval_weeks": 1,
                "start_time": dt.time(10, 0),
                "acting_user": world.secretariat,
                **kwargs,
            }
        )
    assert not MeetingSeries.objects.exists()


def test_a_series_creates_numbered_planned_meetings_once(world):
    series = services.series_create(
        committee=world.committee,
        first_date=NOWRUZ_WEEK,
        interval_weeks=1,
        start_time=dt.time(10, 0),
        place="سالن جلسات",
        count=3,
        acting_user=world.secretariat,
    )
    meetings = Meeting.objects.filter(series_item__series=series).order_by("date")
    assert [m.date for m in meetings] == [
        dt.date(2027, 3, 16),
        dt.date(2027, 3, 25),
        dt.date(2027, 3, 30),
    ]
    assert all(m.status == Meeting.Status.PLANNED and m.start_time == dt.time(10) for m in meetings)
    # Numbered by the meetings service, per Jalali year: 1405 continues after the 7th, the
    # first meetings of 1406 start at 1.
    assert [(m.jalali_year, m.number) for m in meetings] == [(1405, 8), (1406, 1), (1406, 2)]
    assert "منتقل شد" in meetings[1].notes
    assert services.series_generate(series=series, acting_user=world.secretariat) == []
    assert SeriesMeeting.objects.filter(series=series).count() == 3


def test_a_liaison_cannot_define_a_series(world):
    with refused("دبیرخانه"):
        services.series_create(
            committee=world.committee,
            first_date=NOWRUZ_WEEK,
            interval_weeks=1,
            start_time=dt.time(10, 0),
            count=2,
            acting_user=world.liaisons[0],
        )
