"""Persian ordinals as officials write them in meeting titles («دویست و بیست و هفتمین جلسه»)."""

import pytest

from hamahang.core.numbers import number_in_words, ordinal_words

VECTORS = {
    1: "اولین",
    2: "دومین",
    3: "سومین",
    4: "چهارمین",
    5: "پنجمین",
    9: "نهمین",
    10: "دهمین",
    11: "یازدهمین",
    12: "دوازدهمین",
    13: "سیزدهمین",
    20: "بیستمین",
    21: "بیست و یکمین",
    22: "بیست و دومین",
    23: "بیست و سومین",
    24: "بیست و چهارمین",
    30: "سی\u200cامین",
    33: "سی و سومین",
    99: "نود و نهمین",
    100: "صدمین",
    101: "صد و یکمین",
    103: "صد و سومین",
    130: "صد و سی\u200cامین",
    200: "دویستمین",
    227: "دویست و بیست و هفتمین",
    300: "سیصدمین",
    333: "سیصد و سی و سومین",
    500: "پانصدمین",
    999: "نهصد و نود و نهمین",
    1000: "هزارمین",
}


@pytest.mark.parametrize(("number", "expected"), sorted(VECTORS.items()))
def test_ordinal_vectors(number, expected):
    assert ordinal_words(number) == expected


def test_the_first_can_be_said_the_formal_way():
    assert ordinal_words(1, first="نخستین") == "نخستین"
    assert ordinal_words(21, first="نخستین") == "بیست و یکمین"


def test_every_ordinal_from_1_to_1000_is_distinct_and_well_formed():
    ordinals = [ordinal_words(n) for n in range(1, 1001)]
    assert len(set(ordinals)) == 1000
    for number, ordinal in enumerate(ordinals, start=1):
        assert number == 1 or ordinal.endswith("مین"), (number, ordinal)
        assert not ordinal.startswith(("یکصد", "یک هزار")), (number, ordinal)
        assert "سهمین" not in ordinal and not ordinal.endswith("سیمین"), (number, ordinal)
        if number > 20 and number % 10 and number % 100 > 20:
            # A compound keeps every word but the last one as the cardinal says it.
            head = number_in_words(number).rsplit(" و ", 1)[0].removeprefix("یک")
            assert ordinal.startswith(head.strip()), (number, ordinal)


@pytest.mark.parametrize("bad", [0, -3])
def test_there_is_no_zeroth_or_negative_ordinal(bad):
    with pytest.raises(ValueError):
        ordinal_words(bad)
