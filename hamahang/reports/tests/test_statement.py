"""The press statement's wording, from Reports built from data (no database): the period said
exactly, the speaker named once, connectives in order, counts in official words, open
resolutions, and the scope named right for a province, a county, a committee and the country."""

import datetime as dt
import re

import pytest

from hamahang.core.jalali import Period
from hamahang.projects.money import Money
from hamahang.reports.engine import (
    AgencyFigures,
    CommitteeFigures,
    GroupFigures,
    OwnerFigures,
    ProjectFigures,
    Report,
    Scope,
    UnitFigures,
)
from hamahang.reports.statement import build_statement, period_phrase

OFFICE = "مدیرکل دفتر هماهنگی امور اقتصادی استانداری قم"
CONNECTIVES = ("وی افزود:", "وی همچنین گفت:", "وی ادامه داد:", "وی بیان کرد:", "به گفته وی،")


@pytest.fixture(autouse=True)
def speaker(settings):
    settings.HAMAHANG_OFFICE_NAME = "دفتر هماهنگی امور اقتصادی استانداری قم"
    settings.HAMAHANG_SPEAKER_TITLE = OFFICE
    settings.HAMAHANG_SPEAKER_NAME = ""


def no_projects() -> ProjectFigures:
    empty = GroupFigures("all", "همه", 0, Money(), 0, 0, 0)
    return ProjectFigures(0, 0, [], [], empty, {}, [], [], [])


def some_projects() -> ProjectFigures:
    totals = GroupFigures("all", "همه", 27, Money(), 0, 0, 0)
    owner = OwnerFigures(
        7, "معاونت هماهنگی امور اقتصادی استانداری قم", "governorate", 24, ["industry"], Money(), 0
    )
    sector = GroupFigures("industry", "صنعت و معدن", 27, Money(), 0, 0, 0)
    return ProjectFigures(27, 1, [owner], [sector], totals, {}, [], [], [])


def no_units() -> UnitFigures:
    return UnitFigures(0, 0, [], {}, {}, {}, {})


def committee(pk=1, kind="facilitation", meetings=0, resolutions=0, open_=0, **more):
    names = {
        "facilitation": "ستاد تسهیل و رفع موانع تولید استان قم",
        "resistance_economy": "ستاد فرماندهی اقتصاد مقاومتی استان قم",
    }
    return CommitteeFigures(
        pk,
        more.pop("name", names.get(kind, "ستاد دیگر")),
        kind,
        meetings,
        resolutions,
        open_resolutions=open_,
        province=more.pop("province", "قم"),
        **more,
    )


def agency(due, on_time, late, open_):
    return AgencyFigures(5, "اداره کل صمت", due, on_time, late, 0, open_, 0, 0, 0, 0, None)


PROVINCE = Scope(province_id=1)


def make_report(
    period: Period,
    *,
    scope=PROVINCE,
    phrase="استان قم",
    meetings=(),
    accountability=(),
    projects=None,
    wide_note="",
) -> Report:
    return Report(
        period=period,
        scope=scope,
        scope_label=phrase,
        as_of=dt.date(2025, 8, 27),
        meetings=list(meetings),
        accountability=list(accountability),
        projects=projects or no_projects(),
        units=no_units(),
        scope_phrase=phrase,
        wide_note=wide_note,
    )


MID_SHAHRIVAR = Period.parse("1404/01/01", "1404/06/05")


@pytest.mark.parametrize(
    ("start", "end", "phrase"),
    [
        ("1404/01/01", "1404/06/05", "از ابتدای سال ۱۴۰۴ تا ۵ شهریور ۱۴۰۴"),
        ("1399/01/01", "1399/06/31", "از ابتدای سال ۱۳۹۹ تا پایان شهریورماه"),
        # Shahrivar has 31 days: its 30th is not its end.
        ("1404/01/01", "1404/06/30", "از ابتدای سال ۱۴۰۴ تا ۳۰ شهریور ۱۴۰۴"),
        ("1404/01/01", "1404/07/30", "از ابتدای سال ۱۴۰۴ تا پایان مهرماه"),
        # Esfand has 30 days in a leap year (1403) and 29 otherwise (1404).
        ("1403/01/01", "1403/12/29", "از ابتدای سال ۱۴۰۳ تا ۲۹ اسفند ۱۴۰۳"),
        ("1403/01/01", "1403/12/30", "در سال ۱۴۰۳"),
        ("1404/01/01", "1404/12/29", "در سال ۱۴۰۴"),
        ("1404/07/01", "1404/07/30", "در مهرماه ۱۴۰۴"),
        ("1399/07/01", "1399/09/30", "از ابتدای مهر تا پایان آذرماه ۱۳۹۹"),
        ("1404/04/10", "1404/06/05", "از ۱۰ تیر ۱۴۰۴ تا ۵ شهریور ۱۴۰۴"),
        ("1403/10/01", "1404/03/31", "از ۱ دی ۱۴۰۳ تا ۳۱ خرداد ۱۴۰۴"),
        ("1404/06/05", "1404/06/05", "در ۵ شهریور ۱۴۰۴"),
    ],
)
def test_the_period_is_said_exactly(start, end, phrase):
    assert period_phrase(Period.parse(start, end)) == phrase


def test_a_period_ending_mid_month_is_not_said_to_end_with_the_month():
    report = make_report(MID_SHAHRIVAR, meetings=[committee(meetings=3, resolutions=12)])
    text = build_statement(report)
    assert text.startswith(
        f"{OFFICE} گفت: برای پیشبرد اهداف اقتصادی استان قم از ابتدای سال ۱۴۰۴ تا ۵ شهریور "
        "۱۴۰۴، سه جلسه ستاد تسهیل و رفع موانع تولید با ۱۲ مصوبه تشکیل شده است."
    )
    assert "پایان شهریورماه" not in text


@pytest.mark.parametrize(
    ("period", "scope", "phrase", "sentence"),
    [
        (
            MID_SHAHRIVAR,
            Scope(province_id=1),
            "استان قم",
            "از ابتدای سال ۱۴۰۴ تا ۵ شهریور ۱۴۰۴، در استان قم رقمی برای گزارش ثبت نشده است.",
        ),
        (
            Period.fiscal_year(1404),
            Scope(),
            "کشور",
            "در سال ۱۴۰۴، در کشور رقمی برای گزارش ثبت نشده است.",
        ),
        (
            Period.month(1404, 7),
            Scope(province_id=1, committee_id=2),
            "ستاد فرماندهی اقتصاد مقاومتی استان قم",
            "در مهرماه ۱۴۰۴، در ستاد فرماندهی اقتصاد مقاومتی استان قم رقمی برای گزارش ثبت "
            "نشده است.",
        ),
    ],
)
def test_an_empty_period_reads_as_a_sentence(period, scope, phrase, sentence):
    text = build_statement(make_report(period, scope=scope, phrase=phrase))
    assert text == f"{OFFICE} گفت: {sentence}"
    assert "برای از" not in text and "برای در" not in text


def test_without_projects_the_speaker_is_named_first_and_connectives_follow_order(settings):
    settings.HAMAHANG_SPEAKER_NAME = "عزیزالله قربانی"
    report = make_report(
        MID_SHAHRIVAR,
        meetings=[committee(meetings=24, resolutions=165, open_=20)],
        accountability=[agency(due=30, on_time=20, late=4, open_=6)],
    )
    paragraphs = build_statement(report).split("\n\n")
    assert paragraphs[0].startswith(
        f"عزیزالله قربانی، {OFFICE}، گفت: برای پیشبرد اهداف اقتصادی استان قم از ابتدای سال "
        "۱۴۰۴ تا ۵ شهریور ۱۴۰۴، ۲۴ جلسه ستاد تسهیل و رفع موانع تولید با ۱۶۵ مصوبه"
    )
    assert "از ۱۶۵ مصوبه این جلسه‌ها، ۲۰ مصوبه هنوز در دست اجراست." in paragraphs[0]
    assert paragraphs[1] == (
        "وی افزود: از ۳۰ تکلیفی که مهلت اجرای آن در این دوره بود، ۲۰ مورد به‌موقع و چهار مورد "
        "با تأخیر اجرا شده و شش مورد در دست پیگیری است."
    )
    assert paragraphs[2].startswith("وی همچنین گفت: برای حمایت از تولیدکنندگان")
    text = "\n\n".join(paragraphs)
    assert text.count("عزیزالله قربانی") == 1 and text.index("قربانی") < text.index("وی")
    for paragraph in paragraphs:
        assert not paragraph.startswith("همچنین")


def test_a_statement_of_assignments_alone_names_its_speaker_and_period():
    report = make_report(MID_SHAHRIVAR, accountability=[agency(due=8, on_time=8, late=0, open_=0)])
    assert build_statement(report) == (
        f"{OFFICE} گفت: از هشت تکلیفی که مهلت اجرای آن از ابتدای سال ۱۴۰۴ تا ۵ شهریور ۱۴۰۴ "
        "بود، هشت مورد به‌موقع اجرا شده است."
    )


def test_connectives_run_in_order_whatever_paragraphs_there_are():
    report = make_report(
        Period.year_to_month(1399, 6),
        projects=some_projects(),
        meetings=[committee(meetings=5, resolutions=22)],
        accountability=[agency(due=3, on_time=3, late=0, open_=0)],
    )
    paragraphs = build_statement(report).split("\n\n")
    assert paragraphs[0].startswith(f"{OFFICE} گفت: از ابتدای سال ۱۳۹۹ تا پایان شهریورماه، ۲۷ طرح")
    openings = [p.split(" ")[0] + " " + p.split(" ")[1] for p in paragraphs[1:]]
    assert openings == [c.split(" ")[0] + " " + c.split(" ")[1] for c in CONNECTIVES[:4]]


def test_three_thousand_resolutions_are_written_in_official_words():
    report = make_report(
        Period.fiscal_year(1403),
        meetings=[committee(meetings=120, resolutions=3265, open_=1000)],
    )
    text = build_statement(report)
    assert "۱۲۰ جلسه ستاد تسهیل و رفع موانع تولید با ۳ هزار و ۲۶۵ مصوبه" in text
    assert "از ۳ هزار و ۲۶۵ مصوبه این جلسه‌ها، یک هزار مصوبه هنوز در دست اجراست." in text
    assert "۳۲۶۵" not in text


def test_a_single_meeting_is_named_by_its_ordinal():
    report = make_report(
        Period.month(1404, 7),
        meetings=[committee(meetings=1, resolutions=5, open_=5, last_meeting_number=227)],
    )
    text = build_statement(report)
    assert (
        "در مهرماه ۱۴۰۴، دویست و بیست و هفتمین جلسه ستاد تسهیل و رفع موانع تولید با پنج مصوبه "
        "تشکیل شده است. از پنج مصوبه این جلسه، پنج مصوبه هنوز در دست اجراست." in text
    )


def test_a_committee_scope_names_the_committee_not_the_province():
    report = make_report(
        MID_SHAHRIVAR,
        scope=Scope(province_id=1, committee_id=2),
        phrase="ستاد فرماندهی اقتصاد مقاومتی استان قم",
        projects=some_projects(),
        meetings=[committee(pk=2, kind="resistance_economy", meetings=5, resolutions=22)],
    )
    text = build_statement(report)
    assert "۲۷ طرح مرتبط با مصوبه‌های ستاد فرماندهی اقتصاد مقاومتی استان قم" in text
    assert (
        "از ابتدای سال ۱۴۰۴ تا ۵ شهریور ۱۴۰۴، پنج جلسه ستاد فرماندهی اقتصاد مقاومتی با ۲۲ "
        "مصوبه تشکیل شده است." in text
    )
    assert "جلسه‌های این ستاد" in text and "اهداف اقتصادی استان" not in text


def test_a_county_scope_says_its_meetings_are_the_provinces():
    note = "ارقام جلسات، مصوبات و تکالیف ستادها در این گزارش مربوط به کل استان قم است."
    report = make_report(
        MID_SHAHRIVAR,
        scope=Scope(province_id=1, county_id=3),
        phrase="شهرستان کهک",
        projects=some_projects(),
        meetings=[committee(meetings=2, resolutions=9)],
        wide_note=note,
    )
    paragraphs = build_statement(report).split("\n\n")
    assert "۲۷ طرح از شهرستان کهک در حوزه‌های صنعت و معدن" in paragraphs[0]
    assert any("اهداف اقتصادی استان قم، از جمله شهرستان کهک،" in p for p in paragraphs)
    assert any(p.startswith("وی") and "اهداف اقتصادی استان قم" in p for p in paragraphs)
    assert paragraphs[-1] == note


def test_the_national_scope_groups_meetings_by_province():
    report = make_report(
        Period.year_to_month(1399, 6),
        scope=Scope(),
        phrase="کشور",
        meetings=[
            committee(
                pk=9,
                meetings=1,
                resolutions=3,
                name="ستاد تسهیل و رفع موانع تولید خوزستان",
                province="خوزستان",
                last_meeting_number=12,
            ),
            committee(pk=1, meetings=24, resolutions=165),
            committee(pk=2, kind="resistance_economy", meetings=5, resolutions=22),
        ],
    )
    text = build_statement(report)
    assert text.startswith(
        f"{OFFICE} گفت: برای پیشبرد اهداف اقتصادی کشور از ابتدای سال ۱۳۹۹ تا پایان "
        "شهریورماه، در استان خوزستان دوازدهمین جلسه ستاد تسهیل و رفع موانع تولید با سه مصوبه؛ "
        "در استان قم ۲۴ جلسه ستاد تسهیل و رفع موانع تولید با ۱۶۵ مصوبه و همچنین پنج جلسه "
        "ستاد فرماندهی اقتصاد مقاومتی با ۲۲ مصوبه تشکیل شده است."
    )
    assert "اهداف اقتصادی استان" not in text
    assert "دستگاه‌های اجرایی استان‌ها" in text


def test_the_statement_has_no_latin_digits():
    report = make_report(
        MID_SHAHRIVAR,
        projects=some_projects(),
        meetings=[committee(meetings=24, resolutions=3265, open_=12, last_meeting_number=4)],
        accountability=[agency(due=1200, on_time=1000, late=100, open_=100)],
    )
    assert not re.search(r"[0-9]", build_statement(report))
