"""Type-ahead look-ups: finding a project, unit, case or agency by a word of its name or by its
code, compared through the Persian search key (core.text), never beyond the user's scope.

A `Lookup` says how one kind of object is labelled, found by code and ordered. The domain
declares it next to its selectors; the same `Lookup` serves the look-up view (the options a
user sees as they type) and the form field (`core.forms.TypeaheadField`) that checks the chosen
or typed value, and both read the user's scoped queryset from the domain's selectors, so a
user never finds, nor can post, what they may not see.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, QuerySet, Value, When

from hamahang.core.digits import to_ascii_digits
from hamahang.core.models import filter_by_search
from hamahang.core.text import display_code, normalize_text

LIMIT = 15
QUERY_MAX = 100


@dataclass(frozen=True)
class Option:
    pk: int
    label: str


@dataclass(frozen=True)
class Lookup:
    """One kind of object a type-ahead chooses."""

    url_name: str  # the look-up view (answers ?q=… with options)
    label: Callable[[object], str]  # "code — title", as the options and the box show it
    ordering: tuple[str, ...]  # the order of the options
    code_field: str | None = None  # found exactly by this field when typed in full
    related: tuple[str, ...] = field(default=())  # select_related for the label

    def options(self, queryset: QuerySet, query: str, limit: int = LIMIT) -> list[Option]:
        """At most `limit` objects of the queryset matching every word of the query (by
        search key); those whose code starts with the query first. An empty query lists the
        first ones, so a box opened on focus shows what there is to choose."""
        query = normalize_text(query)[:QUERY_MAX]
        rows = filter_by_search(queryset, query) if query else queryset
        ordering = list(self.ordering)
        code = self.code_of(query)
        if code:
            rows = rows.annotate(
                _code_first=Case(
                    When(**{f"{self.code_field}__istartswith": code}, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            ordering.insert(0, "_code_first")
        if self.related:
            rows = rows.select_related(*self.related)
        return [Option(row.pk, self.label(row)) for row in rows.order_by(*ordering)[:limit]]

    def code_of(self, text: str) -> str:
        """The text as a code would be stored (Latin digits), when this kind has codes."""
        if not self.code_field:
            return ""
        return to_ascii_digits(normalize_text(text)).strip()

    def by_code(self, queryset: QuerySet, text: str):
        code = self.code_of(text)
        if not code:
            return None
        return queryset.filter(**{f"{self.code_field}__iexact": code}).first()


def code_label(code: object, title: object) -> str:
    """«code — title», the code in Persian digits isolated in its own direction (core.text)."""
    code_text = display_code(code) if code else ""
    return " — ".join(part for part in (code_text, str(title or "")) if part)


def render_options(request, lookup: Lookup, queryset: QuerySet):
    """The look-up views' answer: the options for ?q=… (an htmx fragment of the listbox)."""
    from django.shortcuts import render

    query = normalize_text(request.GET.get("q", ""))[:QUERY_MAX]
    return render(
        request,
        "widgets/typeahead_options.html",
        {"options": lookup.options(queryset, query), "query": query},
    )
