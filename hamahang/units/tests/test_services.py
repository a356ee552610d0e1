import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from hamahang.core.jalali import Period
from hamahang.reports.engine import Scope, build_report
from hamahang.units import services
from hamahang.units.models import ProductionUnit, SupportCase, UnitEvent

pytestmark = pytest.mark.django_db

DAY = dt.date(2020, 5, 1)


def test_a_unit_registered_with_persian_digits_is_stored_with_ascii(secretariat_user, county):
    unit = services.unit_register(
        acting_user=secretariat_user,
        registered_on=DAY,
        name="شركت كاشي",
        legal_id="۱۰۱۰۰۳۴۰۰۵۶",
        county=county,
    )
    assert unit.legal_id == "10100340056" and unit.name == "شرکت کاشی"
    assert unit.events.get().kind == UnitEvent.Kind.REGISTERED


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"legal_id": "10100340057"}, "شناسه ملی «۱۰۱۰۰۳۴۰۰۵۷» معتبر نیست"),
        ({"legal_id": "1010034005"}, "شناسه ملی باید ۱۱ رقم باشد"),
        ({"legal_id": None, "national_code": "0370078609"}, "کد ملی «۰۳۷۰۰۷۸۶۰۹» معتبر نیست"),
        ({"legal_id": None}, "شناسه ملی واحد (۱۱ رقم) یا کد ملی مالک (۱۰ رقم) را وارد کنید."),
    ],
)
def test_invalid_identifiers_are_refused_and_nothing_is_saved(
    secretariat_user, unit_fields, fields, message
):
    with pytest.raises(ValidationError) as refused:
        services.unit_register(
            acting_user=secretariat_user, registered_on=DAY, **(unit_fields | fields)
        )
    assert message in " ".join(refused.value.messages)
    assert ProductionUnit.objects.count() == 0


def test_a_duplicate_national_id_is_refused(secretariat_user, unit_fields):
    services.unit_register(acting_user=secretariat_user, registered_on=DAY, **unit_fields)
    with pytest.raises(ValidationError) as refused:
        services.unit_register(
            acting_user=secretariat_user, registered_on=DAY, **(unit_fields | {"name": "دیگر"})
        )
    assert "واحدی با شناسه ملی ۱۰۱۰۰۳۴۰۰۵۶ پیش‌تر ثبت شده است." in refused.value.messages
    assert ProductionUnit.objects.count() == 1


def test_an_unknown_county_and_negative_jobs_are_refused(secretariat_user, unit_fields):
    from hamahang.organizations.tests.factories import CountyFactory, ProvinceFactory

    elsewhere = CountyFactory(province=ProvinceFactory(name="تهران", code="tehran"))
    with pytest.raises(ValidationError) as county:
        services.unit_register(
            acting_user=secretariat_user, registered_on=DAY, **(unit_fields | {"county": elsewhere})
        )
    assert "این شهرستان در حوزه دسترسی شما نیست." in county.value.messages
    with pytest.raises(ValidationError) as jobs:
        services.unit_register(
            acting_user=secretariat_user, registered_on=DAY, jobs=-3, **unit_fields
        )
    assert "تعداد شاغلان نمی‌تواند منفی باشد." in jobs.value.messages
    assert ProductionUnit.objects.count() == 0


def test_revivals_and_launches_are_counted_from_the_status_history(
    secretariat_user, unit_fields, county
):
    unit = services.unit_register(
        acting_user=secretariat_user,
        registered_on=dt.date(2019, 1, 1),
        status="stagnant",
        **unit_fields,
    )
    services.unit_record_status(
        unit=unit,
        to_status="active",
        on_date=DAY,
        jobs_after=12,
        cause="support",
        acting_user=secretariat_user,
    )
    semi = services.unit_register(
        acting_user=secretariat_user,
        registered_on=dt.date(2019, 1, 1),
        status="semi_active",
        name="نیمه‌فعال",
        national_code="0370078608",
        county=county,
    )
    services.unit_record_status(
        unit=semi, to_status="active", on_date=DAY, jobs_after=30, acting_user=secretariat_user
    )
    services.unit_launch(
        acting_user=secretariat_user,
        launched_on=DAY,
        product="ماسک سه‌لایه",
        jobs=9,
        name="کارگاه ماسک",
        national_code="0499370899",
        county=county,
        kind="workshop",
    )
    # The report engine is the one place these figures are counted.
    scope = Scope(province_id=unit.province_id)
    figures = build_report(period=Period.half(1399, 1), scope=scope).units
    assert (figures.revived_units, figures.revived_jobs) == (1, 12)  # semi-active is no revival
    masks = [row for row in figures.launches if row["product"] == "ماسک"]
    assert masks == [{"kind": "workshop", "product": "ماسک", "units": 1, "jobs": 9}]
    assert figures.launched("industrial", "ماسک") == 0
    later = build_report(period=Period.half(1399, 2), scope=scope).units
    assert (later.revived_units, later.launched("workshop")) == (0, 0)  # outside the period


def test_a_status_change_must_be_a_change_and_in_order(secretariat_user, unit_fields):
    unit = services.unit_register(acting_user=secretariat_user, registered_on=DAY, **unit_fields)
    with pytest.raises(ValidationError) as same:
        services.unit_record_status(
            unit=unit, to_status="active", on_date=DAY, jobs_after=1, acting_user=secretariat_user
        )
    assert "وضعیت واحد هم‌اکنون «فعال» است." in " ".join(same.value.messages)
    with pytest.raises(ValidationError) as earlier:
        services.unit_record_status(
            unit=unit,
            to_status="stagnant",
            on_date=DAY - dt.timedelta(days=1),
            jobs_after=0,
            acting_user=secretariat_user,
        )
    assert "پیش از آخرین رویداد واحد" in " ".join(earlier.value.messages)


def test_a_case_needs_its_creditor_and_follows_its_workflow(
    secretariat_user, unit_fields, tax_office
):
    unit = services.unit_register(acting_user=secretariat_user, registered_on=DAY, **unit_fields)
    with pytest.raises(ValidationError) as no_creditor:
        services.case_create(
            unit=unit,
            type="enforcement_postponement",
            description="مهلت",
            received_on=DAY,
            acting_user=secretariat_user,
        )
    assert "طلبکار" in " ".join(no_creditor.value.messages)
    case = services.case_create(
        unit=unit,
        type="enforcement_postponement",
        creditor="tax",
        creditor_agency=tax_office,
        description="مهلت",
        received_on=DAY,
        acting_user=secretariat_user,
    )
    assert case.code == "1399-0001"
    with pytest.raises(ValidationError):
        services.case_transition(case=case, to_status="implemented", acting_user=secretariat_user)
    with pytest.raises(ValidationError) as reason:
        services.case_transition(case=case, to_status="rejected", acting_user=secretariat_user)
    assert "دلیل را بنویسید." in " ".join(reason.value.messages)
    services.case_transition(
        case=case, to_status="withdrawn", note="واحد منصرف شد", acting_user=secretariat_user
    )
    case.refresh_from_db()
    assert case.status == SupportCase.Status.WITHDRAWN and case.outcome == "واحد منصرف شد"
