"""Spreadsheet cells that are never read as formulas, and read back exactly.

Text starting with = + - @ (or a tab or carriage return) could run as a formula when a
workbook is opened (CSV/formula injection). Such text is written with a leading apostrophe;
text that merely starts with an apostrophe before one of those characters gets one more, so
`unescape_formula(escape_formula(t)) == t` for every text and export → import → export is
byte-stable. Every export (imports, national submission) and the import reader use these two.
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _needs_quote(text: str) -> bool:
    return text.lstrip("'").startswith(FORMULA_START)


def escape_formula(value):
    """`value` unchanged unless it is text that a spreadsheet could run as a formula."""
    if isinstance(value, str) and _needs_quote(value):
        return "'" + value
    return value


def unescape_formula(value):
    """The exact inverse of `escape_formula`."""
    if isinstance(value, str) and value.startswith("'") and _needs_quote(value):
        return value[1:]
    return value
