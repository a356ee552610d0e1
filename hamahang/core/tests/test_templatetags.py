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
