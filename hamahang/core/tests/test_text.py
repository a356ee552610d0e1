import pytest

from hamahang.core.text import matches, normalize_text, search_key

ZWNJ = "\u200c"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("حوزههای", f"حوزه{ZWNJ}های"),
        ("حوزههای", "حوزه های"),
        ("درسالجاری", "در سال جاری"),
        ("شركت كاشي", "شرکت کاشی"),
        ("نيمه فعال", f"نیمه{ZWNJ}فعال"),
        ("1399", "۱۳۹۹"),
        ("١٣٩٩", "۱۳۹۹"),
        ("ﻛﺎﺷﻲ", "کاشی"),
        ("مصوّبه", "مصوبه"),
        ("اقتصـــاد", "اقتصاد"),
    ],
)
def test_the_search_pairs_of_persian_md_find_each_other(typed, stored):
    assert matches(typed, stored)
    assert matches(stored, typed) or " " in stored


def test_unrelated_text_is_not_found():
    assert not matches("کاشی", "شرکت سیمان قم")
    assert not matches("شرکت کاشی", "شرکت سیمان")


def test_stored_text_keeps_what_was_typed_but_cleans_letter_variants_tatweel_and_marks():
    assert normalize_text("شركت كاشي") == "شرکت کاشی"
    assert normalize_text("اقتصـــاد") == "اقتصاد"
    assert normalize_text("\u200fمصوبه\u200e") == "مصوبه"
    assert normalize_text("ﻛﺎﺷﻲ") == "کاشی"
    # Diacritics and ZWNJ are the writer's and stay.
    assert normalize_text("مصوّبه") == "مصوّبه"
    assert normalize_text(f"حوزه{ZWNJ}های") == f"حوزه{ZWNJ}های"
    assert normalize_text("  دو   فاصله  ") == "دو فاصله"
    assert normalize_text(f"نیمه{ZWNJ}{ZWNJ}فعال {ZWNJ}واحد") == f"نیمه{ZWNJ}فعال واحد"


def test_the_search_key_is_derived_and_compact():
    assert search_key("شرکت   کاشی ۱۴۰۵") == "شرکتکاشی1405"
    assert search_key(None) == ""
