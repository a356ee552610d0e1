"""The audit's bad-input corpus, made permanent (issue 13): hundreds of hostile or malformed
values sent to every screen form and every API write operation.

Asserts, for every input: no server error (no 5xx, no exception), and no partial write — a
refused request leaves the row count of every domain table (histories included) unchanged.
Every request runs inside a savepoint that is rolled back afterwards, so each input meets the
same data. The counts are printed in pytest's terminal summary (see conftest.py).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.messages import constants, get_messages
from django.db import connection, transaction

from hamahang.api.tests.conftest import CORPUS_STATS
from hamahang.meetings.tests.factories import held_meeting

pytestmark = pytest.mark.django_db

# --- The hostile values -------------------------------------------------------------------

MEGABYTE = "ب" * (512 * 1024)  # 1 MB of UTF-8
TEXT = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(document.cookie)",
    '=HYPERLINK("http://evil.example","x")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3",
    "متن\x00با NUL",
    "\x00",
    "زنگ\x07و\x1bفرار",
    "\x7f\x08\x0c",
    "\u202eنوشته وارونه\u202c",
    "ب" * 10_000,
    MEGABYTE,
    "' OR 1=1 --",
    "{{ 7*7 }}{% debug %}",
]
NUMBER = [
    "99999999999999999999999999999999",
    "-5",
    "-99999999999999999999",
    "abc",
    "1e400",
    "NaN",
    "Infinity",
    "۱۲",  # Persian digits: valid
    "١٢",  # Arabic-Indic digits: valid
    "12.5.3",
    "0x1F",
    "\x00",
]
DATE = [
    "1399/13/01",
    "1399/12/31",  # 1399 is leap: valid … but 1398/12/30 is not
    "1398/12/30",
    "1400/07/31",
    "1400/00/10",
    "0000/00/00",
    "99999/01/01",
    "۱۴۰۰/۰۷/۳۰",  # Persian digits: valid
    "2020-02-30",
    "فردا",
    "\x00",
    "1399/06/31<script>",
]
CHOICE = ["no-such-choice", "-1", "99999999999", "<script>x</script>", "\x00", ""]
TIME = ["25:99", "۱۰:۳۰", "-1:00", "10:30:99:00", "\x00"]
BOOLEAN = ["maybe", "\x00"]


# --- Data for the forms and operations to act on ------------------------------------------


@dataclass
class World:
    ids: dict = field(default_factory=dict)


@pytest.fixture
def world(people):
    from hamahang.meetings import services as meetings
    from hamahang.organizations.models import Agency, Committee, County
    from hamahang.projects import services as projects
    from hamahang.units import services as units

    dabir, samat = people["dabir"], people["samat"]
    province_id = dabir.agency.province_id
    committee = Committee.objects.get(kind="facilitation")
    samat_agency = Agency.objects.get(short_name="صمت")
    meeting = held_meeting(committee, dt.date(2026, 10, 1), dabir)
    later = meetings.meeting_create(
        committee=committee, date=dt.date(2026, 11, 1), acting_user=dabir
    )
    resolution = meetings.resolution_create(
        meeting=meeting,
        text="مصوبه نمونه",
        assignments=[meetings.AssignmentSpec(samat_agency, dt.date(2026, 12, 1))],
        acting_user=dabir,
    )
    assignment = resolution.assignments.get()
    followup = meetings.assignment_report(
        assignment=assignment, text="گزارش", progress=40, acting_user=samat
    )
    county = County.objects.filter(province_id=province_id).first()
    project = projects.project_create(
        acting_user=dabir,
        code="CORPUS-1",
        title="طرح نمونه",
        sector=_first_sector(),
        county=county,
        owner=samat_agency,
    )
    line = projects.investment_add(
        project=project,
        amount=Decimal("1000"),
        currency="IRR",
        value_date=dt.date(2026, 1, 1),
        source="own_equity",
        acting_user=dabir,
    )
    bank = Agency.objects.filter(kind=Agency.Kind.BANK, province_id=province_id).first()
    contract = projects.contract_create(
        project=project,
        bank=bank,
        facility_amount=Decimal("1000000"),
        currency="IRR",
        on_date=dt.date(2026, 2, 1),
        acting_user=dabir,
    )
    draft = projects.submission_create(title="پیش‌نویس", projects=[project], acting_user=dabir)
    sent = projects.submission_create(title="ارسالی", projects=[project], acting_user=dabir)
    projects.submission_send(
        submission=sent, letter_number="۱/۲", letter_date=dt.date(2026, 3, 1), acting_user=dabir
    )
    from hamahang.core.identifiers import complete_national_code

    unit = units.unit_register(
        acting_user=dabir,
        registered_on=dt.date(2026, 1, 1),
        name="واحد نمونه",
        national_code=complete_national_code("555666777"),
        county=county,
    )
    case = units.case_create(
        unit=unit,
        type="penalty_waiver",
        description="درخواست نمونه",
        received_on=dt.date(2026, 2, 1),
        creditor="tax",
        acting_user=dabir,
    )
    assignment.refresh_from_db()
    from hamahang.outcomes import services as outcomes

    commitment = outcomes.commitment_create(
        unit=unit,
        case=case,
        kind="other",
        description="تعهد نمونه",
        deadline=dt.date(2026, 3, 1),
        acting_user=dabir,
    )
    from hamahang.webhooks import services as webhooks

    subscription, _secret = webhooks.subscription_create(
        acting_user=dabir,
        spec=webhooks.SubscriptionSpec(
            name="درگاه استان", url="https://portal.example.ir/hooks", events=["project.sent"]
        ),
    )
    from hamahang.meetings.models import Objection
    from hamahang.organizations.models import OfficeClosure

    objection = Objection.objects.create(
        assignment=assignment, reason="اعتراض نمونه", filed_by=samat, paused_at=meeting.date
    )
    closure = OfficeClosure.objects.create(
        province_id=province_id, date=dt.date(2099, 1, 3), reason="آلودگی هوا"
    )
    from hamahang.meetings import services as meeting_services

    referral = meeting_services.referral_send(
        acting_user=dabir,
        case=case,
        from_committee=committee,
        deadline=dt.date(2099, 1, 10),
        reason="ارجاع نمونه به ستاد ملی",
    )
    return World(
        ids={
            "referral": referral.pk,
            "objection": objection.pk,
            "closure": closure.pk,
            "meeting": meeting.pk,
            "later": later.pk,
            "meeting_version": meeting.version,
            "resolution": resolution.pk,
            "resolution_version": resolution.version,
            "assignment": assignment.pk,
            "assignment_version": assignment.version,
            "followup": followup.pk,
            "project": project.pk,
            "project_version": project.version,
            "line": line.pk,
            "contract": contract.pk,
            "contract_version": contract.version,
            "draft": draft.pk,
            "item": sent.items.get().pk,
            "unit": unit.pk,
            "unit_version": unit.version,
            "case": case.pk,
            "committee": committee.pk,
            "county": county.pk,
            "agency": samat_agency.pk,
            "bank": bank.pk,
            "subscription": subscription.pk,
            "commitment": commitment.pk,
        }
    )


def _first_sector():
    from hamahang.projects.models import Sector

    return Sector.values[0]


# --- Row counts of every domain table, in one query ---------------------------------------

DOMAIN_APPS = (
    "meetings",
    "units",
    "projects",
    "accounts",
    "organizations",
    "imports",
    "public",
    "outcomes",
)


def _count_sql() -> str:
    tables = sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.app_label in DOMAIN_APPS and model._meta.managed
        }
    )
    quote = connection.ops.quote_name
    return " UNION ALL ".join(f"SELECT '{table}', COUNT(*) FROM {quote(table)}" for table in tables)


def _counts(sql: str) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(cursor.fetchall())


class _Rollback(Exception):
    pass


@dataclass
class Outcome:
    status: int
    refused: bool
    server_error: str | None
    changed: dict


def _send(client, method, url, sql, *, data=None, content_type=None) -> Outcome:
    """One request in a savepoint that is always rolled back. A screen refuses by answering
    4xx, by showing the form again (200) or by redirecting with an error message; the API by
    answering 4xx (a screen that saves says so with a success message)."""
    is_api = url.startswith("/api/")
    client.cookies.pop("messages", None)  # no message left over from an earlier request
    result: list[Outcome] = []
    try:
        with transaction.atomic():
            before = _counts(sql)
            error = None
            try:
                kwargs = {"data": data}
                if content_type:
                    kwargs["content_type"] = content_type
                response = getattr(client, method)(url, **kwargs)
                status = response.status_code
                levels = {m.level for m in get_messages(response.wsgi_request)}
                shown_again = status == 200 and constants.SUCCESS not in levels
                refused = status >= 400 or (
                    not is_api and (shown_again or constants.ERROR in levels)
                )
            except Exception as exc:
                status, refused, error = 599, True, repr(exc)[:200]
            if status >= 500 and error is None:
                error = f"HTTP {status}"
            after = _counts(sql)
            changed = {t: (before[t], after[t]) for t in before if before[t] != after[t]}
            result.append(Outcome(status, refused, error, changed))
            raise _Rollback
    except _Rollback:
        pass
    return result[0]


# --- Screen forms -------------------------------------------------------------------------

# url, base (valid) data, fields to spoil: name → kind
FORMS = [
    (
        "/accounts/profile/",
        {"phone": "09121234567", "channel_1": "email"},
        {"phone": "text", "channel_1": "choice", "channel_2": "choice"},
    ),
    (
        "/meetings/new/",
        {"committee": "{committee}", "date": "1405/08/10", "start_time": "10:00"},
        {
            "committee": "choice",
            "date": "date",
            "start_time": "time",
            "place": "text",
            "chair": "text",
            "notes": "text",
        },
    ),
    (
        "/meetings/{meeting}/edit/",
        {
            "committee": "{committee}",
            "date": "1405/07/09",
            "version": "{meeting_version}",
        },
        {"date": "date", "place": "text", "notes": "text", "version": "number"},
    ),
    (
        "/meetings/{meeting}/attendance/",
        {
            "attendance-TOTAL_FORMS": "1",
            "attendance-INITIAL_FORMS": "1",
            "attendance-0-agency_id": "{agency}",
            "attendance-0-status": "present",
        },
        {
            "attendance-0-agency_id": "number",
            "attendance-0-status": "choice",
            "attendance-0-representative": "text",
            "attendance-TOTAL_FORMS": "number",
        },
    ),
    ("/meetings/{later}/agenda/", {"title": "موضوع"}, {"title": "text", "project": "text"}),
    ("/meetings/{later}/refer-cases/", {}, {"cases": "choice"}),
    ("/meetings/{meeting}/status/", {}, {"status": "choice"}),
    (
        "/meetings/{meeting}/resolutions/new/",
        {
            "text": "متن",
            "type": "directive",
            "assign-TOTAL_FORMS": "1",
            "assign-INITIAL_FORMS": "0",
            "assign-0-agency": "{agency}",
            "assign-0-role": "lead",
            "assign-0-deadline": "1405/10/01",
        },
        {
            "text": "text",
            "type": "choice",
            "project": "text",
            "case": "text",
            "assign-0-agency": "choice",
            "assign-0-deadline": "date",
            "assign-0-working_days": "number",
            "assign-TOTAL_FORMS": "number",
        },
    ),
    (
        "/resolutions/{resolution}/edit/",
        {"text": "متن تازه", "type": "directive", "version": "{resolution_version}"},
        {"text": "text", "type": "choice", "version": "number", "project": "text"},
    ),
    (
        "/resolutions/",
        {"selected": "{resolution}", "meeting": "{later}"},
        {"selected": "choice", "meeting": "choice", "next": "text"},
    ),
    (
        "/assignments/",
        {"action": "extend", "selected": "{assignment}", "new_deadline": "1405/12/01"},
        {
            "action": "choice",
            "selected": "choice",
            "new_deadline": "date",
            "status": "choice",
            "reason": "text",
            "next": "text",
        },
    ),
    (
        "/assignments/{assignment}/report/",
        {"text": "گزارش", "progress": "50"},
        {"text": "text", "progress": "number", "is_final": "boolean"},
    ),
    (
        "/assignments/{assignment}/extend/",
        {
            "new_deadline": "1405/12/20",
            "reason": "دلیل",
            "version": "{assignment_version}",
        },
        {"new_deadline": "date", "reason": "text", "version": "number"},
    ),
    (
        "/assignments/{assignment}/status/",
        {"status": "in_progress", "version": "{assignment_version}"},
        {"status": "choice", "reason": "text", "version": "number"},
    ),
    ("/followups/{followup}/return/", {"reason": "ناقص"}, {"reason": "text"}),
    (
        "/objections/{objection}/decision/",
        {"decision": "rejected", "note": "رد"},
        {"decision": "choice", "note": "text"},
    ),
    (
        "/office/closures/",
        {"date": "1478/10/13", "reason": "آلودگی هوا"},
        {"date": "date", "reason": "text", "county": "choice"},
    ),
    (
        "/projects/new/",
        {
            "code": "C-2",
            "title": "طرح",
            "sector": "{sector}",
            "county": "{county}",
            "owner": "{agency}",
            "physical_progress": "0",
            "jobs_direct": "0",
            "jobs_indirect": "0",
            "jobs_realised": "0",
        },
        {
            "code": "text",
            "title": "text",
            "description": "text",
            "physical_progress": "number",
            "jobs_direct": "number",
            "start_date": "date",
            "planned_end_date": "date",
            "county": "choice",
            "sector": "choice",
        },
    ),
    (
        "/projects/{project}/edit/",
        {
            "title": "طرح",
            "sector": "{sector}",
            "county": "{county}",
            "owner": "{agency}",
            "physical_progress": "0",
            "jobs_direct": "0",
            "jobs_indirect": "0",
            "jobs_realised": "0",
            "version": "{project_version}",
        },
        {
            "title": "text",
            "executor": "text",
            "progress_reason": "text",
            "physical_progress": "number",
            "jobs_realised": "number",
            "version": "number",
        },
    ),
    (
        "/projects/{project}/status/",
        {"transition-status": "approved", "transition-on_date": "1405/01/10"},
        {"transition-status": "choice", "transition-on_date": "date", "transition-note": "text"},
    ),
    (
        "/projects/{project}/investments/",
        {
            "investment-amount": "1000",
            "investment-currency": "IRR",
            "investment-value_date": "1405/01/10",
            "investment-source": "own_equity",
        },
        {
            "investment-amount": "number",
            "investment-currency": "choice",
            "investment-value_date": "date",
            "investment-source": "choice",
            "investment-note": "text",
        },
    ),
    (
        "/projects/{project}/contracts/",
        {
            "contract-bank": "{bank}",
            "contract-facility_amount": "1000",
            "contract-currency": "IRR",
            "contract-on_date": "1405/01/10",
        },
        {
            "contract-bank": "choice",
            "contract-facility_amount": "number",
            "contract-on_date": "date",
            "contract-contract_number": "text",
        },
    ),
    (
        "/contracts/{contract}/step/",
        {"status": "appraisal", "on_date": "1405/02/10", "version": "{contract_version}"},
        {
            "status": "choice",
            "on_date": "date",
            "amount": "number",
            "contract_number": "text",
            "note": "text",
            "version": "number",
        },
    ),
    (
        "/submissions/new/",
        {"title": "ارسال", "projects": "{project}"},
        {"title": "text", "letter_number": "text", "letter_date": "date", "projects": "choice"},
    ),
    (
        "/submissions/{draft}/send/",
        {"letter_number": "۱/۳", "letter_date": "1405/02/01"},
        {"letter_number": "text", "letter_date": "date"},
    ),
    (
        "/submission-items/{item}/outcome/",
        {"outcome": "accepted", "on_date": "1405/03/01"},
        {"outcome": "choice", "on_date": "date", "reason": "text"},
    ),
    (
        "/units/new/",
        {
            "mode": "register",
            "name": "واحد",
            "kind": "industrial",
            "county": "{county}",
            "utilisation": "50",
            "ownership": "private",
            "status": "active",
            "jobs": "10",
            "on_date": "1405/01/10",
            "national_code": "{ncode}",
        },
        {
            "name": "text",
            "legal_id": "text",
            "national_code": "text",
            "isic": "text",
            "address": "text",
            "utilisation": "number",
            "jobs": "number",
            "on_date": "date",
            "mode": "choice",
            "product": "text",
        },
    ),
    (
        "/units/{unit}/edit/",
        {
            "name": "واحد",
            "kind": "industrial",
            "county": "{county}",
            "utilisation": "50",
            "ownership": "private",
            "version": "{unit_version}",
        },
        {"name": "text", "activity": "text", "phone": "text", "version": "number"},
    ),
    (
        "/units/{unit}/status/",
        {"to_status": "stagnant", "on_date": "1405/02/01", "jobs_after": "3"},
        {
            "to_status": "choice",
            "on_date": "date",
            "jobs_after": "number",
            "cause": "choice",
            "note": "text",
        },
    ),
    (
        "/cases/new/",
        {
            "unit": "{unit}",
            "type": "penalty_waiver",
            "creditor": "tax",
            "received_on": "1405/02/01",
            "description": "شرح",
        },
        {
            "unit": "choice",
            "type": "choice",
            "amount": "number",
            "received_on": "date",
            "description": "text",
        },
    ),
    (
        "/cases/{case}/status/",
        {"to_status": "under_review"},
        {"to_status": "choice", "note": "text"},
    ),
    ("/accounts/tokens/", {}, {"name": "text"}),
    ("/reports/statement/", {"format": "text"}, {"text": "text", "format": "choice"}),
    ("/reports/statement/publish/?period=y1405", {"text": "متن بیانیه"}, {"text": "text"}),
    ("/resolutions/{resolution}/publish/", {}, {"unpublish": "choice"}),
    (
        "/webhooks/new/",
        {"name": "درگاه", "url": "https://portal.example.ir/h", "events": "project.sent"},
        {"name": "text", "url": "text", "events": "choice"},
    ),
]

POOLS = {
    "text": TEXT,
    "number": NUMBER,
    "date": DATE,
    "choice": CHOICE,
    "time": TIME,
    "boolean": BOOLEAN,
}
# How many values of a pool each field gets: rotating through the pool from field to field,
# so every value is used and the run stays short.
PER_FIELD = {"text": 6, "number": 4, "date": 5, "choice": 3, "time": 5, "boolean": 2}
MEGABYTE_FIELDS_MAX = 6  # a 1 MB string costs time: a few forms get it, every API text does


def _fill(template, ids):
    if isinstance(template, str):
        return re.sub(r"\{(\w+)\}", lambda m: str(ids[m.group(1)]), template)
    return template


def _pick(pool, start, count):
    return [pool[(start + i) % len(pool)] for i in range(min(count, len(pool)))]


def form_inputs(ids):
    rotation, megabytes = {}, 0
    for url, base, spoil in FORMS:
        data = {k: _fill(v, ids) for k, v in base.items()}
        for name, kind in spoil.items():
            start = rotation.get(kind, 0)
            rotation[kind] = start + PER_FIELD[kind]
            for value in _pick(POOLS[kind], start, PER_FIELD[kind]):
                if value is MEGABYTE:
                    if megabytes >= MEGABYTE_FIELDS_MAX:
                        continue
                    megabytes += 1
                yield _fill(url, ids), {**data, name: value}, f"{name}={value[:20]!r}"


# --- API write operations -----------------------------------------------------------------

API_BAD_BODIES = ["{", "[]", "null", '"text"', '{"a": }', "\x00", "[" * 500 + "]" * 500]


def _path(path, ids):
    names = {
        "meeting_id": ids["later"],
        "resolution_id": ids["resolution"],
        "assignment_id": ids["assignment"],
        "followup_id": ids["followup"],
        "project_id": ids["project"],
        "line_id": ids["line"],
        "contract_id": ids["contract"],
        "submission_id": ids["draft"],
        "item_id": ids["item"],
        "unit_id": ids["unit"],
        "case_id": ids["case"],
        "subscription_id": ids["subscription"],
        "objection_id": ids["objection"],
        "closure_id": ids["closure"],
        "commitment_id": ids["commitment"],
        # An RSVP link's token (invitations): forged, so every body meets the link's refusal.
        "token": "1:forged-signature-of-an-invitation",
        "referral_id": ids["referral"],
    }
    return re.sub(r"\{(\w+)\}", lambda m: str(names[m.group(1)]), path)


def _schema_of(schema, ref):
    node = schema
    for part in ref.lstrip("#/").split("/"):
        node = node[part]
    return node


def _kind(prop) -> str:
    types = {prop.get("type")} | {
        option.get("type") for option in prop.get("anyOf", []) if isinstance(option, dict)
    }
    if ("format" in prop and prop["format"] == "date") or any(
        o.get("format") == "date" for o in prop.get("anyOf", [])
    ):
        return "date"
    if types & {"integer", "number"}:
        return "number"
    if "boolean" in types:
        return "boolean"
    if "enum" in prop or any("enum" in o for o in prop.get("anyOf", [])):
        return "choice"
    if "array" in types:
        return "array"
    return "text"


API_VALUES = {
    "text": TEXT,
    "number": [10**40, -(10**20), -1, "abc", 1.5, "۱۲", None, [1], {"a": 1}, True],
    "date": ["1399-13-01", "2021-02-29", "1400/07/31", "0000-00-00", "۲۰۲۰-۰۱-۰۱", 20200101],
    "boolean": ["maybe", 2, None, [True]],
    "choice": ["no-such-choice", 1, None, "<script>", "\x00"],
    "array": ["1,2", [None], [-1], [10**40], [["x"]], {"a": 1}, list(range(2000))],
}
API_PER_FIELD = {"text": 5, "number": 4, "date": 4, "boolean": 2, "choice": 3, "array": 4}


def api_inputs(schema, ids):
    rotation = {}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method not in ("post", "patch", "put", "delete"):
                continue
            url = _path(path, ids)
            for body in API_BAD_BODIES:
                yield method, url, body, f"raw {body[:12]!r}"
            content = operation.get("requestBody", {}).get("content", {})
            ref = content.get("application/json", {}).get("schema", {}).get("$ref")
            if not ref:
                continue
            body_schema = _schema_of(schema, ref)
            properties = body_schema.get("properties", {})
            base = {name: _example(prop, name, ids) for name, prop in properties.items()}
            for name, prop in properties.items():
                kind = _kind(prop)
                start = rotation.get(kind, 0)
                rotation[kind] = start + API_PER_FIELD[kind]
                for value in _pick(API_VALUES[kind], start, API_PER_FIELD[kind]):
                    yield method, url, json.dumps({**base, name: value}), f"{name}"
            yield method, url, json.dumps({**base, "unexpected": "\x00"}), "extra key"


def _example(prop, name, ids):
    kind = _kind(prop)
    if name == "version":
        return 1
    if name.endswith("_id"):
        return ids.get(name.removesuffix("_id"), 1)
    return {"text": "متن", "number": 1, "date": "2026-06-01", "boolean": False}.get(
        kind, prop.get("default")
    )


# --- The test ---------------------------------------------------------------------------


def test_the_bad_input_corpus(client, people, world, bearer):
    from hamahang.core.identifiers import complete_national_code
    from hamahang.projects.models import Sector

    ids = {**world.ids, "sector": Sector.values[0], "ncode": complete_national_code("444333222")}
    sql = _count_sql()
    client.force_login(people["dabir"])
    failures, refused_writes = [], []
    stats = {"form inputs": 0, "API inputs": 0, "refused": 0, "accepted": 0}

    def record(kind, where, what, outcome):
        stats[kind] += 1
        stats["refused" if outcome.refused else "accepted"] += 1
        if outcome.server_error:
            failures.append((where, what, outcome.server_error))
        if outcome.refused and outcome.changed:
            refused_writes.append((where, what, outcome.status, outcome.changed))

    for url, data, what in form_inputs(ids):
        record("form inputs", url, what, _send(client, "post", url, sql, data=data))

    schema = client.get("/api/v1/openapi.json").json()
    client.logout()
    headers = bearer("dabir")
    api_client = type(client)(**headers)
    for method, url, body, what in api_inputs(schema, ids):
        outcome = _send(api_client, method, url, sql, data=body, content_type="application/json")
        record("API inputs", f"{method.upper()} {url}", what, outcome)

    stats["server errors"] = len(failures)
    stats["partial writes"] = len(refused_writes)
    stats["tables watched"] = len(_counts(sql))
    CORPUS_STATS.update(stats)
    for line in failures + refused_writes:
        print(*line)  # shown with the failure
    assert stats["form inputs"] + stats["API inputs"] >= 600
    assert failures == [], failures[:10]
    assert refused_writes == [], refused_writes[:10]
