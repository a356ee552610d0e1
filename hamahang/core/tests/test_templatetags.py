import datetime as dt
from decimal import Decimal

from django.template import engines


def render(source, **context):
    return engines["django"].from_string(source).render(context)


def test_filters_show_jalali_dates_persian_numbers_and_official_amounts():
    html = render(
        "{{ d|jdate }}|{{ d|jdate:'long' }}|{{ n|fa_number }}|"
        "{{ a|amount_words:'IRR' }}|{{ 12|fa_digits }}",
        d=dt.date(2020, 9, 21),
        n=2279,
        a=Decimal("9355000000000"),
    )
    assert html == "۱۳۹۹/۰۶/۳۱|۳۱ شهریور ۱۳۹۹|۲٬۲۷۹|۹ هزار و ۳۵۵ میلیارد ریال|۱۲"


def test_filters_render_nothing_for_missing_values():
    assert render("{{ d|jdate }}{{ n|fa_number }}{{ n|amount_words }}", d=None, n=None) == ""


def test_a_code_is_isolated_in_its_own_direction():
    """A code with Persian letters reads from the right («۱۴۰۵/ج۲۲۷/م۳»: year, then the
    committee's letter and number, then the item); one of digits and Latin letters from the
    left. Either way it is isolated, so the sentence around it keeps its order."""
    from hamahang.core.text import code_direction, display_code

    html = render(
        "مصوبه {{ a|code }} و مصوبه {{ b|code }} و طرح {{ c|code }}{{ d|code }}",
        a="1405/ج227/م3",
        b="1399-24-07",
        c="QOM-12",
        d="",
    )
    assert html == (
        'مصوبه <bdi dir="rtl">۱۴۰۵/ج۲۲۷/م۳</bdi> و مصوبه <bdi dir="ltr">۱۳۹۹-۲۴-۰۷</bdi> '
        'و طرح <bdi dir="ltr">QOM-۱۲</bdi>'
    )
    assert code_direction("۱۳۹۹-۲۴-۰۷") == "ltr" and code_direction("ع-۱۲") == "rtl"
    # Plain text (messages, titles, PDF): the Unicode isolates RLI/LRI … PDI.
    assert display_code("1405/ج227") == "\u2067۱۴۰۵/ج۲۲۷\u2069"
    assert display_code("1399-24-07") == "\u2066۱۳۹۹-۲۴-۰۷\u2069"


def test_a_currency_is_shown_by_its_persian_word():
    assert render("{{ a|currency }}|{{ b|currency }}|{{ c|currency }}", a="USD", b="IRR", c="") == (
        "دلار|ریال|"
    )
