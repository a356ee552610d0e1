"""Names in a file → the records they mean, compared by search key within the user's scope."""

from __future__ import annotations

from hamahang.accounts.selectors import (
    agency_list_for_user,
    committee_list_for_user,
    county_list_for_user,
)
from hamahang.core.text import search_key


class Lookup:
    def __init__(self, user):
        self.user = user
        self._agencies = self._index(agency_list_for_user(user=user), ("name", "short_name"))
        self._counties = self._index(county_list_for_user(user=user), ("name",))
        self._committees = self._index(committee_list_for_user(user=user), ("name", "short_name"))

    @staticmethod
    def _index(queryset, fields) -> dict:
        index = {}
        for obj in queryset:
            for name in fields:
                value = getattr(obj, name)
                if value:
                    index.setdefault(search_key(value), obj)
        return index

    def agency(self, name):
        return self._agencies.get(search_key(name)) if name else None

    def county(self, name):
        return self._counties.get(search_key(name)) if name else None

    def committee(self, name):
        return self._committees.get(search_key(name)) if name else None
