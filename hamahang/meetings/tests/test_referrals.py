"""Referrals between tiers (issue 18): county working group → provincial HQ → national HQ, the
decision landing back on the origin case, the queues, the county secretariat's scope."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hamahang.accounts.models import Role
from hamahang.accounts.tests.factories import UserFactory
from hamahang.core import clock
from hamahang.core.identifiers import complete_legal_id
from hamahang.meetings import services
from hamahang.meetings.models import Referral, ResolutionEvent
from hamahang.notices.models import Notice
from hamahang.organizations.models import Committee
from hamahang.organizations.tests.factories import CommitteeFactory, CountyFactory
from hamahang.units.models import CaseEvent, SupportCase
from hamahang.units.services import case_create, unit_register

TODAY = dt.date(2026, 11, 30)  # ۱۴۰۵/۰۹/۰۹, a Sunday


@pytest.fixture(autouse=True)
def _frozen():
    with clock.frozen(dt.datetime(2026, 11, 30, 7, 0, tzinfo=dt.UTC)):
        yield


@pytest.fixture
def kahak(province):
    return CountyFactory(province=province, name="کهک")


@pytest.fixture
def jafarabad(province):
    return CountyFactory(province=province, name="جعفرآباد")


@pytest.fixture
def hq(province, office):
    return CommitteeFactory(
        province=province, secretariat=office, name="ستاد تسهیل و رفع موانع تولید استان قم"
    )


@pytest.fixture
def kahak_group(province, office, kahak):
    return CommitteeFactory(
        province=province,
        secretariat=office,
        county=kahak,
        name="کارگروه تسهیل و رفع موانع تولید شهرستان کهک",
    )


@pytest.fixture
def jafarabad_group(province, office, jafarabad):
    return CommitteeFactory(
        province=province,
        secretariat=office,
        county=jafarabad,
        name="کارگروه تسهیل و رفع موانع تولید شهرستان جعفرآباد",
    )


@pytest.fixture
def kahak_user(office, kahak):
    return UserFactory(
        agency=office, role=Role.SECRETARIAT, county=kahak, username="kahak", email="k@ex.ir"
    )


@pytest.fixture
def jafarabad_user(office, jafarabad):
    return UserFactory(
        agency=office, role=Role.SECRETARIAT, county=jafarabad, username="jafar", email="j@ex.ir"
    )


@pytest.fixture
def national_user(office):
    return UserFactory(agency=office, role=Role.NATIONAL, username="melli-t", email="m@ex.ir")


def _case(user, county, legal_id="10100340056", name="شرکت لبنیات کهک"):
    unit = unit_register(
        acting_user=user,
        registered_on=dt.date(2026, 1, 1),
        name=name,
        legal_id=legal_id,
        county=county,
        kind="industrial",
        jobs=40,
    )
    return case_create(
        unit=unit,
        type=SupportCase.Type.DEFERRAL,
        creditor=SupportCase.Creditor.BANK,
        description="امهال اقساط معوق تسهیلات سرمایه در گردش",
        received_on=dt.date(2026, 11, 1),
        amount=Decimal("12000000000"),
        acting_user=user,
    )


def _send(user, case, group, reason="ارجاع", deadline=dt.date(2026, 12, 14)):
    return services.referral_send(
        acting_user=user, case=case, from_committee=group, deadline=deadline, reason=reason
    )


@pytest.fixture
def kahak_case(secretariat_user, kahak, hq, kahak_group):
    return _case(secretariat_user, kahak)


def _up_to_nation(kahak_user, secretariat_user, kahak_case, kahak_group):
    county_hop = _send(
        kahak_user, kahak_case, kahak_group, "امهال بیش از اختیار کارگروه شهرستان است."
    )
    services.referral_receive(referral=county_hop, acting_user=secretariat_user)
    province_hop = services.referral_decide(
        referral=county_hop,
        acting_user=secretariat_user,
        action="refer_on",
        text="نیازمند مصوبه ستاد ملی برای امهال بیش از سه سال است.",
        deadline=dt.date(2027, 1, 10),
    )
    return county_hop, province_hop


def test_referred_county_province_national_decision_lands_on_county_case(
    client,
    django_assert_max_num_queries,
    kahak_user,
    secretariat_user,
    national_user,
    kahak_case,
    kahak_group,
    hq,
):
    county_hop, national_hop = _up_to_nation(kahak_user, secretariat_user, kahak_case, kahak_group)
    assert (county_hop.from_level, county_hop.to_level, county_hop.to_committee) == (
        "county",
        "province",
        hq,
    )
    assert (national_hop.from_level, national_hop.to_level) == ("province", "national")
    assert national_hop.previous == county_hop

    services.referral_decide(
        referral=national_hop,
        acting_user=national_user,
        action="accept",
        text="امهال سه‌ساله با تنفس شش‌ماهه تصویب شد.",
    )

    county_hop.refresh_from_db()
    assert county_hop.status == Referral.Status.DECIDED
    assert county_hop.outcome == Referral.Outcome.ACCEPTED
    assert county_hop.decision_level == "national"
    assert "امهال سه‌ساله با تنفس شش‌ماهه تصویب شد." in county_hop.decision
    last = CaseEvent.objects.filter(case=kahak_case).order_by("pk").last()
    assert "تصمیم ستاد ملی" in last.description
    assert "امهال سه‌ساله با تنفس شش‌ماهه تصویب شد." in last.description
    # The senders are told, through the outbox: the county's and the province's.
    told = set(Notice.objects.filter(kind=Notice.Kind.REFERRAL).values_list("user", flat=True))
    assert told == {kahak_user.pk, secretariat_user.pk}

    # The county secretariat sees the answer on its own case's page, in Persian.
    client.force_login(kahak_user)
    page = client.get(reverse("units:case_detail", args=[kahak_case.pk])).content.decode()
    assert "امهال سه‌ساله با تنفس شش‌ماهه تصویب شد." in page
    assert "تصمیم ستاد ملی" in page
    # And on the referral's page, with the chain and the origin's state (a fixed budget).
    with django_assert_max_num_queries(20):
        page = client.get(reverse("meetings:referral_detail", args=[county_hop.pk]))
    page = page.content.decode()
    assert "ستاد ملی" in page and "پذیرفته شد" in page
    assert "شرکت لبنیات کهک" in page


def test_decision_lands_on_origin_resolution_timeline(
    kahak_user, secretariat_user, national_user, kahak_group, hq
):
    from hamahang.meetings.tests.factories import make_meeting, make_resolutions

    meeting = make_meeting(kahak_group, dt.date(2026, 11, 20))
    (resolution,) = make_resolutions(meeting, [], 1, status="no_action")
    hop = services.referral_send(
        acting_user=kahak_user,
        resolution=resolution,
        deadline=dt.date(2026, 12, 14),
        reason="تأمین زمین فراتر از اختیار شهرستان است.",
    )
    services.referral_decide(
        referral=hop, acting_user=secretariat_user, action="reject", text="زمین در طرح جامع نیست."
    )
    event = ResolutionEvent.objects.filter(resolution=resolution).order_by("pk").last()
    assert event.kind == ResolutionEvent.Kind.REFERRAL_ANSWERED
    assert "زمین در طرح جامع نیست." in event.description
    assert "رد شد" in event.description


def test_county_user_cannot_see_another_countys_case(
    client, secretariat_user, jafarabad_user, kahak_case, jafarabad_group
):
    client.force_login(jafarabad_user)
    assert client.get(reverse("units:case_detail", args=[kahak_case.pk])).status_code == 404
    page = client.get(reverse("units:case_list")).content.decode()
    assert kahak_case.code not in page
    # The province's secretariat sees it.
    client.force_login(secretariat_user)
    assert client.get(reverse("units:case_detail", args=[kahak_case.pk])).status_code == 200


def test_county_user_cannot_see_another_countys_referral_or_committee(
    client, kahak_user, jafarabad_user, kahak_case, kahak_group
):
    hop = _send(kahak_user, kahak_case, kahak_group, "ارجاع به استان")
    client.force_login(jafarabad_user)
    assert client.get(reverse("meetings:referral_detail", args=[hop.pk])).status_code == 404
    with pytest.raises(ValidationError) as error:
        _send(jafarabad_user, kahak_case, kahak_group, "ارجاع")
    assert "یافت نشد" in error.value.messages[0]


def test_deadline_in_the_past_is_refused(kahak_user, kahak_case, kahak_group):
    with pytest.raises(ValidationError) as error:
        services.referral_send(
            acting_user=kahak_user,
            case=kahak_case,
            from_committee=kahak_group,
            deadline=dt.date(2026, 11, 20),
            reason="ارجاع",
        )
    assert "گذشته است" in " ".join(error.value.messages)
    assert not Referral.objects.exists()


def test_referring_twice_is_refused(kahak_user, kahak_case, kahak_group):
    _send(kahak_user, kahak_case, kahak_group, "ارجاع نخست")
    with pytest.raises(ValidationError) as error:
        services.referral_send(
            acting_user=kahak_user,
            case=kahak_case,
            from_committee=kahak_group,
            deadline=dt.date(2026, 12, 20),
            reason="ارجاع دوباره",
        )
    assert error.value.code == "already_referred"
    assert "پیش‌تر ارجاع شده" in error.value.messages[0]
    assert Referral.objects.count() == 1


def test_deciding_a_withdrawn_referral_is_refused(
    kahak_user, secretariat_user, kahak_case, kahak_group
):
    hop = _send(kahak_user, kahak_case, kahak_group, "ارجاع")
    services.referral_withdraw(referral=hop, acting_user=kahak_user)
    with pytest.raises(ValidationError) as error:
        services.referral_decide(
            referral=hop, acting_user=secretariat_user, action="accept", text="پذیرفته شد"
        )
    assert "مسترد شده" in error.value.messages[0]
    hop.refresh_from_db()
    assert (hop.status, hop.decision, hop.outcome) == (Referral.Status.WITHDRAWN, "", "")


def test_county_user_cannot_decide_at_the_province(kahak_user, kahak_case, kahak_group):
    hop = _send(kahak_user, kahak_case, kahak_group, "ارجاع")
    with pytest.raises(ValidationError):
        services.referral_decide(
            referral=hop, acting_user=kahak_user, action="accept", text="پذیرفتم"
        )
    hop.refresh_from_db()
    assert hop.status == Referral.Status.SENT


def test_returned_for_information_then_resent(
    kahak_user, secretariat_user, kahak_case, kahak_group
):
    hop = _send(kahak_user, kahak_case, kahak_group, "ارجاع")
    services.referral_decide(
        referral=hop,
        acting_user=secretariat_user,
        action="return",
        text="صورت‌های مالی سال گذشته پیوست نشده است.",
    )
    hop.refresh_from_db()
    assert hop.status == Referral.Status.RETURNED
    notice = Notice.objects.get(kind=Notice.Kind.REFERRAL)
    assert notice.user == kahak_user and "صورت‌های مالی" in notice.text
    services.referral_resend(referral=hop, acting_user=kahak_user, text="صورت‌های مالی پیوست شد.")
    hop.refresh_from_db()
    assert hop.status == Referral.Status.SENT and "پیوست شد" in hop.reason


@pytest.mark.parametrize("rows", [1, 6])
def test_queues_query_budget(
    client,
    django_assert_max_num_queries,
    rows,
    secretariat_user,
    kahak_user,
    kahak,
    hq,
    kahak_group,
):
    for n in range(rows):
        case = _case(
            secretariat_user, kahak, legal_id=complete_legal_id(f"101003{n:04d}"), name=f"واحد {n}"
        )
        _send(kahak_user, case, kahak_group, "ارجاع")
    Referral.objects.update(deadline=dt.date(2026, 11, 25))  # overdue: highlighted
    client.force_login(secretariat_user)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("meetings:referral_queue") + "?box=received&tier=province")
    text = page.content.decode()
    assert page.status_code == 200
    assert "ارجاع‌های دریافتی" in text
    assert text.count("روز کاری از مهلت گذشته") == rows
    client.force_login(kahak_user)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("meetings:referral_queue") + "?box=sent")
    assert page.content.decode().count('class="referral-row') == rows


def test_county_secretariat_sees_only_its_county_committees(
    client, kahak_user, hq, kahak_group, jafarabad_group
):
    from hamahang.accounts.selectors import committee_list_for_user

    assert list(committee_list_for_user(user=kahak_user)) == [kahak_group]
    assert Committee.objects.count() == 3


def test_report_section_counts_referrals_in_fixed_queries(
    django_assert_num_queries,
    province,
    kahak,
    kahak_user,
    secretariat_user,
    national_user,
    kahak_case,
    kahak_group,
    hq,
):
    from hamahang.core.jalali import Period
    from hamahang.reports.engine import Scope, build_report
    from hamahang.reports.rows import sections
    from hamahang.reports.sections.referrals import referral_figures

    _county_hop, national_hop = _up_to_nation(kahak_user, secretariat_user, kahak_case, kahak_group)
    services.referral_decide(
        referral=national_hop, acting_user=national_user, action="accept", text="تصویب شد."
    )
    period = Period.fiscal_year(1405)
    scope = Scope(province_id=province.pk)
    with django_assert_num_queries(4):
        figures = referral_figures(period, scope, TODAY)
    assert (figures.sent, figures.decided, figures.accepted, figures.pending) == (2, 2, 2, 0)
    assert {h["label"] for h in figures.by_hop} == {
        "کارگروه شهرستان ← ستاد استان",
        "ستاد استان ← ستاد ملی",
    }
    assert figures.median_days_to_decision == 0
    assert figures.examples[0]["decision"].endswith("تصویب شد.")
    # More referrals, the same four queries; one still waiting past its deadline is overdue.
    other = _case(secretariat_user, kahak, legal_id=complete_legal_id("1010099990"), name="دوم")
    _send(kahak_user, other, kahak_group)
    with django_assert_num_queries(4):
        figures = referral_figures(period, scope, dt.date(2026, 12, 20))
    assert (figures.sent, figures.pending, figures.overdue) == (3, 1, 1)
    report = build_report(period=period, scope=scope)
    data = report.to_dict()
    assert data["referrals"]["sent"] == 3
    assert any(s["key"] == "referrals" for s in sections(report))
    # Another county's scope has none of them.
    jafar = CountyFactory(province=province, name="جعفرآباد")
    assert (
        build_report(period=period, scope=Scope(province.pk, county_id=jafar.pk)).referrals.sent
        == 0
    )


def test_referral_registry_import_goes_through_the_service(
    kahak_user, secretariat_user, kahak_case, kahak_group, hq
):

    from hamahang.imports.services import ImportRefused, import_file
    from hamahang.imports.tests.helpers import workbook

    headers = ["ستاد یا کارگروه ارجاع‌دهنده", "شماره پرونده", "مهلت پاسخ", "موضوع و دلیل ارجاع"]

    def sheet(*rows):
        return workbook({"ارجاع‌ها": [["دفتر ارجاع‌ها"], headers, *rows]})

    row = [kahak_group.name, kahak_case.code, "1405/09/25", "امهال فراتر از اختیار شهرستان"]
    _, counts = import_file(
        kind="referrals", source=sheet(row), user=kahak_user, apply=True, name="r.xlsx"
    )
    assert counts.get("referrals_created") == 1
    hop = Referral.objects.get()
    assert (hop.from_committee, hop.to_committee, hop.case) == (kahak_group, hq, kahak_case)
    # The same file again writes nothing; a deadline in the past is refused in Persian.
    _, counts = import_file(kind="referrals", source=sheet(row), user=kahak_user, apply=True)
    assert counts.get("skipped_existing") == 1
    late = [kahak_group.name, kahak_case.code, "1405/09/01", "دیگر"]
    with pytest.raises(ImportRefused) as refused:
        import_file(kind="referrals", source=sheet(late), user=kahak_user, apply=True)
    assert "گذشته است" in " ".join(str(p) for p in refused.value.problems)
    assert Referral.objects.count() == 1


def test_the_province_cannot_decide_a_hop_it_referred_on(
    kahak_user, secretariat_user, kahak_case, kahak_group, hq
):
    county_hop, _national = _up_to_nation(kahak_user, secretariat_user, kahak_case, kahak_group)
    with pytest.raises(ValidationError) as error:
        services.referral_decide(
            referral=county_hop, acting_user=secretariat_user, action="accept", text="پذیرفتم"
        )
    assert "ستاد ملی فرستاده شده" in error.value.messages[0]
    county_hop.refresh_from_db()
    assert (county_hop.status, county_hop.decision) == (Referral.Status.REFERRED_ON, "")
    # And a second hop from it is refused: a chain has one next hop.
    with pytest.raises(ValidationError):
        services.referral_decide(
            referral=county_hop,
            acting_user=secretariat_user,
            action="refer_on",
            text="دوباره",
            deadline=dt.date(2027, 2, 1),
        )
    assert Referral.objects.count() == 2


def test_a_county_secretariats_report_is_its_countys(client, kahak_user, jafarabad, hq):
    client.force_login(kahak_user)
    page = client.get(reverse("reports:report"), {"county": jafarabad.pk})
    assert page.context["report"].scope.county_id == kahak_user.county_id
    assert "شهرستان کهک" in page.content.decode()


def test_the_send_screen_refuses_bad_input_in_persian_then_sends(
    client, kahak_user, kahak_case, kahak_group, hq
):
    client.force_login(kahak_user)
    url = reverse("meetings:referral_send")
    page = client.get(url, {"case": kahak_case.pk})
    assert page.status_code == 200 and "ارجاع به سطح بالاتر" in page.content.decode()
    data = {"case": kahak_case.pk, "from_committee": kahak_group.pk, "reason": "ارجاع"}
    bad = client.post(url, {**data, "deadline": "۱۴۰۵/۱۳/۴۰"})
    assert bad.status_code == 422 and not Referral.objects.exists()
    past = client.post(url, {**data, "deadline": "۱۴۰۵/۰۹/۰۱"})
    assert past.status_code == 422 and "گذشته است" in past.content.decode()
    assert not Referral.objects.exists()
    sent = client.post(url, {**data, "deadline": "۱۴۰۵/۰۹/۲۵"})
    assert sent.status_code == 302
    assert Referral.objects.get().to_committee == hq
