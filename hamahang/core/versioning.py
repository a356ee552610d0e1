"""Data versions: one number per province (plus one for reference data), and a cache keyed on
the versions a value was read from.

Anything computed from the data (a report, a totals row, a rendered inbox) may be cached under
the versions of what it reads; a write raises the version of the province it touched, so the
next request in that province computes afresh, and nothing cached can outlive its data. Stale
entries simply expire.

Scopes
    One `DataVersion` row per province (`scope` = the province's id) and one row with scope 0
    for reference data and anything not tied to one province (provinces themselves, national
    agencies, programmes, exchange rates; and any write whose province cannot be told, so an
    unknown write errs on the safe side). A province-scoped value keys on (scope 0, its
    province); a national value keys on every row. A write in Qom therefore leaves Khuzestan's
    cached pages warm, while the national view, which reads both, goes cold.

One bump per province per transaction, inside the transaction
    A write (any post_save / post_delete / m2m_changed of a domain model) finds its province
    (the model's own `province`, or up the path in `PARENT`: a follow-up's assignment's
    resolution's committee) and raises that province's row the first time the transaction
    touches that province; later writes to the same province in the same transaction do
    nothing. The bump is part of the writing transaction, so the new version and the new data
    become visible to other connections at the same instant (no reader can ever cache old data
    under the new version; a reader that saw the old version while the data changed under it
    merely stores fresh data under a key no one reads any more). Bumping lazily on the first
    write rather than at commit needs no pre-commit hook, which Django lacks, and is just as
    correct because nothing outside the transaction sees either until it commits.
    The row stays locked until the commit, so writers in the same province queue on it,
    writers in different provinces do not.

    "The transaction" is the outermost atomic block (a test case's wrapping block does not
    count, so tests see one bump per service call just as production does). Each bump leaves
    a no-op `on_commit` marker: Django drops the markers of a savepoint that rolls back (whose
    bump was rolled back with it) and of a finished transaction, so a province whose marker is
    gone is bumped again. Writes outside any atomic block (autocommit) bump on every write.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest

from hamahang.core.freshness import oldest_allowed
from hamahang.core.models import DataVersion

TIMEOUT = 60 * 60
REFERENCE = 0  # the scope of reference data and of writes not tied to one province
DOMAIN_APPS = {"organizations", "accounts", "units", "projects", "meetings", "outcomes", "public"}
# How a row without its own `province` reaches one: the foreign key to follow.
PARENT = {
    "accounts.User": "agency",
    "units.UnitEvent": "unit",
    "units.CaseEvent": "case",
    "projects.ProjectEvent": "project",
    "projects.InvestmentLine": "project",
    "projects.BankAgencyContract": "project",
    "projects.ContractStep": "contract",
    "projects.SubmissionItem": "submission",
    "meetings.Meeting": "committee",
    "meetings.Attendance": "meeting",
    "meetings.AgendaItem": "meeting",
    "meetings.Resolution": "committee",
    "meetings.Assignment": "resolution",
    "meetings.FollowUp": "assignment",
    "meetings.DeadlineExtension": "assignment",
    "meetings.Objection": "assignment",
    "meetings.ResolutionEvent": "resolution",
    "meetings.ReminderLog": "agency",
    # An outcome of a case alone has no resolution: it then bumps reference data (safe side).
    "outcomes.Outcome": "resolution",
    "outcomes.ProducerCommitment": "unit",
    "outcomes.AssignmentBlock": "assignment",
}
IGNORED = {"accounts.ApiToken"}
# Saved on every sign-in / inbox visit; no cached page shows them (the inbox keys on its own).
UNSHOWN_FIELDS = {"last_login", "inbox_visit_at", "inbox_previous_visit_at"}
T = TypeVar("T")


# --- reading versions -------------------------------------------------------------------------


def version_key(province_id: int | None) -> str:
    """The versions a value of this scope depends on, as one string: scope 0 and the province,
    or (`None`: national) every scope."""
    rows = DataVersion.objects.order_by("scope")
    if province_id is not None:
        rows = rows.filter(scope__in=[REFERENCE, province_id])
    pairs = list(rows.values_list("scope", "number"))
    if province_id is not None:
        numbers = dict(pairs)
        return f"{numbers.get(REFERENCE, 0)}.{numbers.get(province_id, 0)}"
    text = ",".join(f"{scope}:{number}" for scope, number in pairs)
    return "n" + hashlib.sha256(text.encode()).hexdigest()[:24]


def data_version(scope: int = REFERENCE) -> int:
    """The number of one scope's row (0 before its first write)."""
    return DataVersion.objects.filter(scope=scope).values_list("number", flat=True).first() or 0


# --- bumping ----------------------------------------------------------------------------------


def bump_data_version(scope: int | None = REFERENCE, using: str = DEFAULT_DB_ALIAS) -> None:
    """Raise one scope's number past every number used before: one more, or the clock's
    microseconds if larger. A database restored from a backup (whose numbers were used once
    already) thus never reuses a number that entries for later data may be cached under.
    `scope=None` or 0 raises the reference row, which every cached value keys on."""
    scope = REFERENCE if scope is None else scope
    number = Greatest(F("number") + 1, Value(time.time_ns() // 1000))
    rows = DataVersion.objects.using(using)
    if not rows.filter(scope=scope).update(number=number):
        rows.get_or_create(scope=scope, defaults={"number": time.time_ns() // 1000})


class _State:
    """Per connection: the markers of the provinces bumped in the current transaction, the
    transaction they belong to, and the provinces already looked up in it."""

    def __init__(self):
        self.token: object = None
        self.marks: dict[int, Callable[[], None]] = {}
        self.provinces: dict[tuple[str, object, str], int | None] = {}


def _state(connection) -> _State:
    state = getattr(connection, "_hamahang_versions", None)
    if state is None:
        state = connection._hamahang_versions = _State()
    return state


def _transaction_token(connection) -> object:
    """Something that names the current outermost (non-test) atomic block, or None outside one.
    A real outermost block is told apart by its markers alone (Django empties them at its end);
    a block nested in a test case's wrapping block by its savepoint's id."""
    blocks = connection.atomic_blocks
    for index, block in enumerate(blocks):
        if not getattr(block, "_from_testcase", False):
            if index == 0:
                return "outermost"
            return connection.savepoint_ids[index - 1]
    return None


def _bump_once(scope: int, using: str) -> None:
    connection = connections[using]
    token = _transaction_token(connection) if connection.in_atomic_block else None
    if token is None:
        bump_data_version(scope, using)
        return
    state = _state(connection)
    if state.token != token:
        state.token, state.marks, state.provinces = token, {}, {}
    mark = state.marks.get(scope)
    if mark is not None and any(entry[1] is mark for entry in connection.run_on_commit):
        return  # already bumped in this transaction (and not rolled back since)

    def mark() -> None:  # a marker only: Django drops it when its savepoint rolls back
        return None

    bump_data_version(scope, using)
    state.marks[scope] = mark
    transaction.on_commit(mark, using=using)


# --- which province a write touches ---------------------------------------------------------


def _path(model) -> list[str] | None:
    """The foreign keys from `model` to its province (ending in "province"), or None."""
    names = {field.name for field in model._meta.concrete_fields}
    if "province" in names:
        return ["province"]
    parent = PARENT.get(model._meta.label)
    if parent is None:
        return None
    rest = _path(model._meta.get_field(parent).related_model)
    return None if rest is None else [parent, *rest]


def province_of(instance, using: str = DEFAULT_DB_ALIAS) -> int | None:
    """The province a row belongs to (None for reference data and rows that cannot tell).
    Follows already loaded objects; otherwise one small query, remembered per transaction."""
    path = _path(type(instance))
    if path is None:
        return None
    obj = instance
    for index, name in enumerate(path):
        field = obj._meta.get_field(name)
        if index == len(path) - 1:
            return getattr(obj, field.attname)
        if field.is_cached(obj):
            obj = getattr(obj, name)
            if obj is None:
                return None
            continue
        key = getattr(obj, field.attname)
        if key is None:
            return None
        rest = "__".join(path[index + 1 :])
        memo = _state(connections[using]).provinces
        memo_key = (field.related_model._meta.label, key, rest)
        if memo_key not in memo:
            related = field.related_model._base_manager.using(using).filter(pk=key)
            memo[memo_key] = related.values_list(rest, flat=True).first()
        return memo[memo_key]
    return None


# --- signals ----------------------------------------------------------------------------------

_deferred: ContextVar[set[tuple[int, str]] | None] = ContextVar(
    "hamahang_version_bumps_deferred", default=None
)


def _is_domain(model) -> bool:
    label = model._meta.label
    if model._meta.app_label not in DOMAIN_APPS or label in IGNORED:
        return False
    # simple-history's rows are written with the row they record, which bumps already.
    return not model.__name__.startswith("Historical")


def on_domain_write(sender, instance=None, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_save / post_delete / m2m_changed: bump the touched province once per transaction."""
    if kwargs.get("action", "post_").split("_")[0] != "post":
        return  # m2m_changed fires pre_ and post_; count the change once
    model = type(instance) if kwargs.get("action") else sender
    if instance is None or not _is_domain(model):
        return
    fields = kwargs.get("update_fields")
    if fields and set(fields) <= UNSHOWN_FIELDS:
        return  # a sign-in's timestamp changes no page
    province = province_of(instance, using)
    scope = REFERENCE if province is None else province
    deferred = _deferred.get()
    if deferred is not None:
        deferred.add((scope, using))
        return
    _bump_once(scope, using)


@contextmanager
def one_version_bump():
    """Within the block writes only note their provinces; each is bumped once at the end (a
    50,000-row import would otherwise look at its transaction's markers 50,000 times)."""
    touched: set[tuple[int, str]] = set()
    token = _deferred.set(touched)
    try:
        yield
    finally:
        _deferred.reset(token)
    if transaction.get_connection().in_atomic_block and transaction.get_rollback():
        return  # a rolled-back block changed nothing
    for scope, using in sorted(touched):
        _bump_once(scope, using)


# --- the cache ------------------------------------------------------------------------------


def versioned(
    name: str,
    *parts: object,
    province_id: int | None,
    compute: Callable[[], T],
    timeout: int = TIMEOUT,
    lagging: bool = False,
    behind_since: Callable[[T], float | None] | None = None,
) -> T:
    """`compute()`, cached under the versions of what it reads (`province_id`: one province's
    data and reference data; None: every province) and `parts`, which must name everything
    else the value depends on: the user's scope, the filters, the day.

    `lagging`: one entry per `parts`, holding the versions and the moment its data was read
    from; a reader allowed data read at some moment or later (`core.freshness`: seconds behind,
    never behind their own last write) is given it though a write has raised a version since.
    A page read over and over in a province being written to is then rendered once every few
    seconds instead of on every request; the writer, and every version the entry has not
    seen, still get exact rows. `behind_since(value)`, when it gives a moment, says the value
    was itself computed from data behind the versions, last known current then: it is kept
    for readers allowed that moment, never as the current versions' value."""
    version = version_key(province_id)
    if lagging:
        return _lagging(name, parts, version, compute, timeout, behind_since)
    key = ":".join([name, version, *("" if p is None else str(p) for p in parts)])
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value


def _lagging(name, parts, version, compute, timeout, behind_since):
    key = ":".join([name, "lagging", *("" if p is None else str(p) for p in parts)])
    entry = cache.get(key)
    if entry is not None:
        stored_version, read_at, value = entry
        if stored_version == version:
            return value
        oldest = oldest_allowed()
        if oldest is not None and read_at >= oldest:
            return value
    read_at = time.time()  # before the data is read: the value is at least this fresh
    value = compute()
    since = behind_since(value) if behind_since is not None else None
    if since is not None:  # computed from data behind `version`: for lagging readers only
        version, read_at = None, min(read_at, since)
    cache.set(key, (version, read_at, value), timeout)
    return value


def versioned_for_query(
    name: str, queryset, compute: Callable[[], T], *, province_id: int | None
) -> T:
    """`compute()` about a queryset, cached under the versions of `province_id` (see
    `versioned`) and the query's exact SQL, which carries the user's scope and every filter
    (an empty query is not cached)."""
    try:
        sql = str(queryset.query)
    except EmptyResultSet:
        return compute()
    digest = hashlib.sha256(sql.encode()).hexdigest()
    return versioned(name, digest, province_id=province_id, compute=compute)
