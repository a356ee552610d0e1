import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from hamahang.core.errors import current_version
from hamahang.projects import services
from hamahang.projects.models import (
    BankAgencyContract,
    InvestmentLine,
    Project,
    ProjectEvent,
)

pytestmark = pytest.mark.django_db

DAY = dt.date(2020, 6, 1)


@pytest.fixture
def project(secretariat_user, county, deputy, leap):
    return services.project_create(
        acting_user=secretariat_user,
        code="JT99-001",
        title="هتل پردیسان",
        sector="tourism",
        county=county,
        owner=deputy,
        programmes=[leap],
        jobs_direct=10,
        jobs_indirect=5,
        start_date=DAY,
        planned_end_date=DAY + dt.timedelta(days=365),
    )


def test_a_project_keeps_its_money_in_each_currency(project, secretariat_user):
    services.investment_add(
        project=project,
        amount=Decimal("1250000000"),
        currency="IRR",
        value_date=DAY,
        source="own_equity",
        acting_user=secretariat_user,
    )
    services.investment_add(
        project=project,
        amount=Decimal("9600000"),
        currency="usd",
        value_date=DAY,
        source="foreign",
        acting_user=secretariat_user,
    )
    assert sorted(InvestmentLine.objects.values_list("currency", "amount")) == [
        ("IRR", Decimal("1250000000")),
        ("USD", Decimal("9600000")),
    ]
    descriptions = " ".join(project.events.values_list("description", flat=True))
    assert "۱ میلیارد و ۲۵۰ میلیون ریال" in descriptions and "۹ و شش‌دهم میلیون دلار" in descriptions


@pytest.mark.parametrize(
    ("amount", "currency", "message"),
    [
        (Decimal("-5"), "IRR", "مبلغ باید بیشتر از صفر باشد."),
        (Decimal("0"), "IRR", "مبلغ باید بیشتر از صفر باشد."),
        (Decimal("100"), "XYZ", "«XYZ» کد ارز معتبر (ISO 4217) نیست"),
        (Decimal("100.5"), "IRR", "مبلغ ریالی باید عدد صحیح باشد."),
    ],
)
def test_bad_investments_are_refused_and_nothing_is_saved(
    project, secretariat_user, amount, currency, message
):
    with pytest.raises(ValidationError) as refused:
        services.investment_add(
            project=project,
            amount=amount,
            currency=currency,
            value_date=DAY,
            source="own_equity",
            acting_user=secretariat_user,
        )
    assert message in " ".join(refused.value.messages)
    assert InvestmentLine.objects.count() == 0


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"physical_progress": 120}, "پیشرفت فیزیکی باید عددی از ۰ تا ۱۰۰ باشد."),
        ({"start_date": DAY, "planned_end_date": DAY - dt.timedelta(days=1)}, "پیش از تاریخ شروع"),
    ],
)
def test_impossible_projects_are_refused(secretariat_user, county, deputy, fields, message):
    with pytest.raises(ValidationError) as refused:
        services.project_create(
            acting_user=secretariat_user,
            code="X-1",
            title="طرح",
            sector="industry",
            county=county,
            owner=deputy,
            **fields,
        )
    assert message in " ".join(refused.value.messages)
    assert Project.objects.count() == 0


def test_a_duplicate_code_is_refused(project, secretariat_user, county, deputy):
    with pytest.raises(ValidationError) as refused:
        services.project_create(
            acting_user=secretariat_user,
            code="JT99-001",
            title="دیگر",
            sector="industry",
            county=county,
            owner=deputy,
        )
    # The code in Persian digits, isolated left to right inside the sentence.
    assert "طرحی با کد «\u2066JT۹۹-۰۰۱\u2069» پیش‌تر ثبت شده است." in refused.value.messages


def test_a_progress_decrease_needs_a_reason(project, secretariat_user):
    services.project_update(
        project=project,
        version=current_version(project),
        acting_user=secretariat_user,
        physical_progress=60,
    )
    with pytest.raises(ValidationError) as refused:
        services.project_update(
            project=project,
            version=current_version(project),
            acting_user=secretariat_user,
            physical_progress=40,
        )
    assert "کاهش پیشرفت فیزیکی (از ۶۰٪ به ۴۰٪) دلیل می‌خواهد." in refused.value.messages
    services.project_update(
        project=project,
        version=current_version(project),
        acting_user=secretariat_user,
        physical_progress=40,
        progress_reason="بازبینی میدانی",
    )
    project.refresh_from_db()
    assert project.physical_progress == 40
    assert ProjectEvent.objects.filter(kind="progress").count() == 2


def test_status_transitions_are_dated_and_limited(project, secretariat_user):
    services.project_transition(
        project=project, to_status="approved", on_date=DAY, acting_user=secretariat_user
    )
    with pytest.raises(ValidationError) as refused:
        services.project_transition(
            project=project, to_status="completed", on_date=DAY, acting_user=secretariat_user
        )
    assert refused.value.code == "invalid_transition"
    event = ProjectEvent.objects.filter(kind="status").get()
    assert "۱۳۹۹/۰۳/۱۲" in event.description and event.actor == secretariat_user


def test_a_contract_moves_through_its_stages_to_tranches(
    project, secretariat_user, bank, bank_liaison
):
    contract = services.contract_create(
        project=project,
        bank=bank,
        facility_amount=Decimal("1000"),
        currency="IRR",
        on_date=DAY,
        acting_user=secretariat_user,
    )
    for step, offset in (("appraisal", 5), ("approved", 10)):
        contract = services.contract_advance(
            contract=contract,
            version=contract.version,
            to_status=step,
            on_date=DAY + dt.timedelta(days=offset),
            acting_user=bank_liaison,
        )
    with pytest.raises(ValidationError) as no_number:
        services.contract_advance(
            contract=contract,
            version=contract.version,
            to_status="signed",
            on_date=DAY + dt.timedelta(days=20),
            acting_user=bank_liaison,
        )
    assert "شماره قرارداد" in " ".join(no_number.value.messages)
    contract = services.contract_advance(
        contract=contract,
        version=contract.version,
        to_status="signed",
        contract_number="ع-۱۲",
        on_date=DAY + dt.timedelta(days=20),
        acting_user=bank_liaison,
    )
    for amount in ("600", "400"):
        contract = services.contract_advance(
            contract=contract,
            version=contract.version,
            to_status="disbursed",
            amount=Decimal(amount),
            on_date=DAY + dt.timedelta(days=30),
            acting_user=bank_liaison,
        )
    with pytest.raises(ValidationError) as over:
        services.contract_advance(
            contract=contract,
            version=contract.version,
            to_status="disbursed",
            amount=Decimal("1"),
            on_date=DAY + dt.timedelta(days=31),
            acting_user=bank_liaison,
        )
    assert "جمع پرداخت‌ها از مبلغ تسهیلات قرارداد بیشتر می‌شود." in over.value.messages
    assert list(contract.steps.values_list("status", flat=True)) == [
        "referred",
        "appraisal",
        "approved",
        "signed",
        "disbursed",
        "disbursed",
    ]


def test_another_bank_cannot_move_a_contract(project, secretariat_user, bank, province):
    from hamahang.accounts.tests.factories import UserFactory
    from hamahang.organizations.tests.factories import AgencyFactory

    contract = services.contract_create(
        project=project,
        bank=bank,
        facility_amount=Decimal("1000"),
        currency="IRR",
        on_date=DAY,
        acting_user=secretariat_user,
    )
    other = UserFactory(agency=AgencyFactory(province=province, kind="bank"), role="bank_liaison")
    with pytest.raises(ValidationError):
        services.contract_advance(
            contract=contract,
            version=contract.version,
            to_status="appraisal",
            on_date=DAY,
            acting_user=other,
        )
    contract.refresh_from_db()
    assert contract.status == BankAgencyContract.Status.REFERRED


def test_a_sent_batch_does_not_change_when_its_project_is_edited(project, secretariat_user):
    from hamahang.projects.exports import submission_json

    services.investment_add(
        project=project,
        amount=Decimal("5000000000"),
        currency="IRR",
        value_date=DAY,
        source="own_equity",
        acting_user=secretariat_user,
    )
    batch = services.submission_create(
        title="جهش تولید ۱۳۹۹", projects=[project], acting_user=secretariat_user
    )
    services.submission_send(
        submission=batch, letter_number="۱۲۴۵۸/۹۹", letter_date=DAY, acting_user=secretariat_user
    )
    batch.refresh_from_db()
    before = submission_json(batch)
    services.project_update(
        project=project,
        version=current_version(project),
        acting_user=secretariat_user,
        title="عنوان تازه",
        jobs_direct=999,
    )
    services.investment_add(
        project=project,
        amount=Decimal("7"),
        currency="USD",
        value_date=DAY,
        source="foreign",
        acting_user=secretariat_user,
    )
    batch.refresh_from_db()
    after = submission_json(batch)
    assert after == before
    assert before["projects"][0]["title"] == "هتل پردیسان"
    assert (
        before["projects"][0]["investments"] == [{"currency": "IRR", "amount": "5000000000.00"}]
        or before["projects"][0]["investments"][0]["currency"] == "IRR"
    )
    with pytest.raises(ValidationError):
        services.submission_send(
            submission=batch, letter_number="x", letter_date=DAY, acting_user=secretariat_user
        )


def test_a_returned_project_needs_a_reason(project, secretariat_user):
    batch = services.submission_create(title="ب", projects=[project], acting_user=secretariat_user)
    services.submission_send(
        submission=batch, letter_number="۱", letter_date=DAY, acting_user=secretariat_user
    )
    item = batch.items.get()
    with pytest.raises(ValidationError) as refused:
        services.submission_record_outcome(
            item=item, outcome="returned", on_date=DAY, acting_user=secretariat_user
        )
    assert "دلیل بازگشت طرح را بنویسید." in " ".join(refused.value.messages)
