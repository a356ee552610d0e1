"""The demo's public portal: the secretariat publishes the facilitation HQ's resolutions of the
seed period (1399/01/01 – 1399/06/31), a week after each meeting, leaving out the confidential
ones (which the service refuses anyway); the resistance economy HQ's stay unpublished. The
director publishes the seed period's press statement."""

import datetime as dt

from hamahang.accounts.models import User
from hamahang.core import clock
from hamahang.core.jalali import Period, jalali_to_gregorian
from hamahang.demo.moments import at
from hamahang.meetings.models import Meeting, Resolution
from hamahang.meetings.services import resolutions_bulk_publish
from hamahang.organizations.models import Province
from hamahang.public.services import publish_statement
from hamahang.reports.engine import Scope, build_report
from hamahang.reports.statement import build_statement

SEED = Period.year_to_month(1399, 6)


def load_public() -> None:
    dabir, modir = User.objects.get(username="dabir"), User.objects.get(username="modir")
    meetings = Meeting.objects.filter(
        committee__province__code="qom",
        committee__kind="facilitation",
        date__range=(SEED.start, SEED.end),
        status__in=Meeting.HELD_STATUSES,
    ).order_by("date")
    for meeting in meetings:
        chosen = Resolution.objects.filter(meeting=meeting, is_confidential=False)
        with clock.frozen(at(meeting.date + dt.timedelta(days=7), 14)):
            resolutions_bulk_publish(resolutions=chosen, acting_user=dabir)
    province = Province.objects.get(code="qom")
    report = build_report(period=SEED, scope=Scope(province_id=province.pk))
    with clock.frozen(at(jalali_to_gregorian(1399, 7, 10), 11)):
        publish_statement(
            text=build_statement(report), period=SEED, province=province, acting_user=modir
        )
