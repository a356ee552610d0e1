"""Persian text normalisation: once on the way in, and a derived key for search.

Stored text keeps what the user typed, cleaned only of Arabic letter variants, presentation
forms, tatweel and stray direction marks. The search key goes further (no diacritics, no
spaces or ZWNJ, ASCII digits, one form of each letter) so that the ways real Persian text is
typed — without ZWNJ, with Arabic kaf and yeh, with diacritics — all find each other.
"""

import re
import unicodedata

from hamahang.core.digits import to_ascii_digits, to_persian_digits

ZWNJ = "\u200c"

# Arabic letter variants that Persian keyboards and old systems produce.
_LETTER_VARIANTS = str.maketrans(
    {
        "ي": "ی",  # Arabic yeh
        "ى": "ی",  # alef maksura
        "ك": "ک",  # Arabic kaf
        "ھ": "ه",  # heh doachashmee
        "ە": "ه",
    }
)
_TATWEEL = "\u0640"
# LRM, RLM, ALM, embeddings/overrides, isolates, BOM and zero-width joiner/space.
_INVISIBLE = re.compile("[\u200b\u200d\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff]")
_HORIZONTAL_SPACE = re.compile(r"[^\S\n]+")
_ZWNJ_RUN = re.compile(ZWNJ + "{2,}")
_ZWNJ_BESIDE_SPACE = re.compile(rf"{ZWNJ}+(?=\s|$)|(?:(?<=\s)|^){ZWNJ}+", re.MULTILINE)

# Only for the search key.
_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed]")
_KEY_LETTERS = str.maketrans(
    {"أ": "ا", "إ": "ا", "ٱ": "ا", "آ": "ا", "ؤ": "و", "ئ": "ی", "ۀ": "ه", "ة": "ه", "ء": ""}
)
_NOT_WORD = re.compile(r"[\W_]+")


def normalize_text(text: str | None) -> str:
    """Clean text for storage without changing what the user meant to write."""
    if not text:
        return ""
    # NFKC folds Arabic presentation forms (ﻛﺎﺷﻲ) into ordinary letters.
    cleaned = unicodedata.normalize("NFKC", str(text))
    cleaned = cleaned.translate(_LETTER_VARIANTS).replace(_TATWEEL, "")
    cleaned = _INVISIBLE.sub("", cleaned)
    cleaned = _ZWNJ_RUN.sub(ZWNJ, cleaned)
    cleaned = _ZWNJ_BESIDE_SPACE.sub("", cleaned)
    cleaned = _HORIZONTAL_SPACE.sub(" ", cleaned)
    return "\n".join(line.strip() for line in cleaned.strip().split("\n"))


def search_key(text: str | None) -> str:
    """The derived, never shown, comparison key of a text: letters and digits only."""
    cleaned = normalize_text(text)
    cleaned = _DIACRITICS.sub("", cleaned).translate(_KEY_LETTERS)
    cleaned = to_ascii_digits(cleaned).lower()
    return _NOT_WORD.sub("", cleaned)


def search_terms(query: str | None) -> list[str]:
    """Keys of each word of a query (a ZWNJ does not split words; spaces do)."""
    words = normalize_text(query).split()
    return [key for key in (search_key(word) for word in words) if key]


def matches(query: str, text: str) -> bool:
    """Whether every word of the query occurs in the text, compared by search key."""
    haystack = search_key(text)
    return all(term in haystack for term in search_terms(query))


def code_direction(text: object) -> str:
    """The direction a code reads in: "rtl" when it holds a right-to-left letter
    («۱۴۰۵/ج۲۲۷/م۳» reads from the right, year first), else "ltr" (۱۳۹۹-۲۴-۰۷, QOM-12)."""
    return "rtl" if any(unicodedata.bidirectional(c) in ("R", "AL") for c in str(text)) else "ltr"


def code_isolate(text: object) -> str:
    """A code inside a Persian sentence of plain text (messages, titles, PDF and e-mail):
    wrapped in the Unicode isolate of its own direction, so that neither it nor the sentence
    around it is reordered."""
    opener = "\u2067" if code_direction(text) == "rtl" else "\u2066"
    return f"{opener}{text}\u2069"


def display_code(code: object) -> str:
    """A stored code as plain text shows it: Persian digits, isolated in its direction."""
    return code_isolate(to_persian_digits(code))


def ltr_isolate(text: object) -> str:
    """Wrap text that reads left to right (a code such as ۱۳۹۹-۲۴-۰۷) in Unicode isolates so
    that it keeps its order inside a Persian sentence, in HTML, PDF and e-mail alike."""
    return f"\u2066{text}\u2069"
