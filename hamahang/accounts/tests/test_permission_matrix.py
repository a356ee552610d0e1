"""The permission matrix and the content-leak check (issues 12 and 13), over two provinces.

Every URL of the resolver and every operation of /api/v1/openapi.json is requested by every
role for an object of its own agency, of another agency and of another province; a new URL or
operation is covered without editing this file (its path parameters are filled from the
fixture map below, and a parameter that cannot be filled fails the test loudly).

- An object outside the role's scope answers exactly as a missing one (same status: 404, or
  the role's 403/login redirect that does not depend on the object); nothing is changed by a
  refused write.
- No request answers 500.
- No page, PDF, Excel export or API answer a role may open contains a text that role must
  not see (confidential resolution text, another agency's assignments, another bank's
  contracts, the other province's records).
"""

from __future__ import annotations

import io
import json
import re
import subprocess
from collections import Counter
from dataclasses import dataclass

import pytest
from django.db.models import Count, Sum
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from hamahang.accounts.tests import world as world_module
from hamahang.accounts.tests.world import CASES, ROLES

MISSING = 987_654_321


# --- The fixture map: which object fills a path parameter --------------------------------------

# `pk` is the object named by the path segment before it; other parameters by their name.
MODEL_OF_SEGMENT = {
    "meetings": "meeting",
    "committees": "committee",
    "agencies": "agency",
    "users": "user",
    "resolutions": "resolution",
    "assignments": "assignment",
    "a": "assignment",  # the short link an SMS carries
    "followups": "followup",
    "objections": "objection",
    "closures": "closure",
    "projects": "project",
    "contracts": "contract",
    "submissions": "submission",
    "submission-items": "submission_item",
    "units": "unit",
    "cases": "case",
    "imports": "import_run",
    "tokens": "token",
    "signoff": "signoff_round",
    "signed": "signed_minutes",
    "webhooks": "subscription",
    "referrals": "referral",
    "commitments": "commitment",
}
MODEL_OF_PARAM = {
    "line_pk": "line",
    "meeting_id": "meeting",
    "resolution_id": "resolution",
    "assignment_id": "assignment",
    "project_id": "project",
    "unit_id": "unit",
    "case_id": "case",
    "followup_id": "followup",
    "objection_id": "objection",
    "closure_id": "closure",
    "contract_id": "contract",
    "submission_id": "submission",
    "item_id": "submission_item",
    "line_id": "line",
    "subscription_id": "subscription",
    "referral_id": "referral",
    "commitment_id": "commitment",
}
# Parameters that are not objects: every listed value is requested.
VALUES_OF_PARAM = {
    "fmt": ["xlsx", "json", "csv"],
    "kind": ["units", "projects", "meetings", "followups"],
    "decision": ["accept", "return"],
    "step": ["receive", "decide", "resend", "withdraw"],  # a referral's steps
    # The public verification page of signed minutes: a code no document has (404 for all).
    "code": ["nosuchcode"],
    "province": ["qom", "khz"],  # the public portal's pages, per province code
    "secret": ["not-the-webhook-secret"],  # the Bale webhook: a wrong secret answers 404
    # An invitation's signed RSVP link (hamahang.invitations): a forged one answers 404 for all
    # on the pages (the API's operation on it is tested in invitations and the corpus).
    "token": ["1:forged-signature-of-an-invitation"],
}
# The public portal (hamahang.public): open to everyone, anonymous included, by design. Its
# pages show every province's published records, so only confidential text is a leak there.
PUBLIC_PAGES = "public:"
# Not part of the matrix: the admin site (superusers only, Django's own) and the sign-in pages.
SKIPPED_PREFIXES = ("admin/", "api/", "accounts/login", "accounts/logout", "accounts/password")

WRITERS = {"secretariat", "admin"}


def is_writer(role: str, model: str | None) -> bool:
    """Who writes on their own objects; the national secretariat answers referrals sent to it."""
    return role in WRITERS or (role == "national" and model == "referral")


def out_of_scope(role: str, model: str, case: str) -> bool:
    """Objects the role must not see at all (their pages answer as a missing object)."""
    if role == "anonymous":
        return True
    if model == "import_run":  # an import run is seen by the one who uploaded it
        return not (role == "admin" or (role == "secretariat" and case == "own"))
    if model == "token":  # a token is revoked only by its owner
        return not (role == "secretariat" and case == "own")
    if model in {"signoff_round", "signed_minutes"}:
        if role == "agency_liaison":  # the signer of the own meeting's round
            return case != "own"
        return out_of_scope(role, "meeting", case)
    if case == "other_province" and role not in {"national", "admin"}:
        return True
    if model == "subscription":  # webhooks: managed by the office admin and the secretariats
        return role not in {"secretariat", "office_admin", "national", "admin"}
    liaison = role in {"agency_liaison", "bank_liaison"}
    if model == "commitment":  # a producer's commitment is seen as its unit is
        return out_of_scope(role, "unit", case)
    if model == "referral":  # office staff and the national secretariat only
        return liaison or role == "office_admin"
    if liaison and model in {"meeting", "submission", "submission_item"}:
        return True
    if role == "national" and model in {"submission", "submission_item"}:
        return case == "other_agency"  # a draft: the national secretariat sees sent batches
    if role == "bank_liaison":
        if model in {"resolution", "assignment", "followup", "objection", "unit", "case"}:
            return True  # nothing is assigned to the bank; no case names it
        return case == "other_agency"  # bank Y's contract, B's project with bank Y only
    if role == "agency_liaison":
        return case == "other_agency" and model != "contract"
    if role in {"viewer", "office_admin"}:  # the other agency's resolution is confidential
        return case == "other_agency" and model in {
            "resolution",
            "assignment",
            "followup",
            "objection",
        }
    return False


@dataclass
class Route:
    name: str
    route: str
    params: list[str]


def _routes() -> list[Route]:
    found = []

    def walk(patterns, prefix="", namespace=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = ":".join(filter(None, [namespace, p.namespace or ""]))
                walk(p.url_patterns, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern) and p.name:
                route = (prefix + str(p.pattern)).lstrip("^")
                if route.startswith(SKIPPED_PREFIXES):
                    continue
                regex = p.pattern.regex
                name = f"{namespace}:{p.name}" if namespace else p.name
                found.append(Route(name, route, list(regex.groupindex)))

    walk(get_resolver().url_patterns)
    return found


def _model_of(route: str, param: str) -> str:
    if param in MODEL_OF_PARAM:
        return MODEL_OF_PARAM[param]
    before = re.split(r"<[^>]*" + param + r">|\(\?P<" + param + ">", route)[0]
    segment = before.rstrip("/").split("/")[-1]
    if segment not in MODEL_OF_SEGMENT:
        raise AssertionError(
            f"The permission matrix cannot fill <{param}> of «{route}»: add its model to "
            "MODEL_OF_SEGMENT / MODEL_OF_PARAM and an object to the world fixture."
        )
    return MODEL_OF_SEGMENT[segment]


def _expand(route: Route, world, case: str | None) -> list[tuple[dict, str | None]]:
    """Every kwargs combination for one case (or for a missing object when case is None),
    with the model whose scope decides the answer."""
    combos: list[tuple[dict, str | None]] = [({}, None)]
    for param in route.params:
        if param in VALUES_OF_PARAM:
            combos = [({**kw, param: v}, m) for kw, m in combos for v in VALUES_OF_PARAM[param]]
            continue
        model = _model_of(route.route, param)
        if model not in world.objects:
            raise AssertionError(f"No object of «{model}» in the world fixture for «{route.route}»")
        value = MISSING if case is None else world.objects[model][case].pk
        combos = [({**kw, param: value}, m or model) for kw, m in combos]
    # A listed value the route's pattern does not take (`fmt` json on the inbox's csv|xlsx
    # export) is not one of its addresses; a route must take at least one.
    kept = [(kw, m) for kw, m in combos if _reverses(route.name, kw)]
    if not kept:
        raise AssertionError(f"No listed parameter value fits «{route.route}»")
    return kept


def _reverses(name: str, kwargs: dict) -> bool:
    try:
        reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return False
    return True


# --- What a refused write must leave unchanged -------------------------------------------------


def fingerprint() -> tuple:
    from django.apps import apps

    figures = []
    for label in ("meetings", "units", "projects", "imports", "accounts"):
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical"):
                continue
            names = {f.name for f in model._meta.concrete_fields}
            aggregates = {"n": Count("pk")}
            if "version" in names:
                aggregates["v"] = Sum("version")
            row = model.objects.aggregate(**aggregates)
            extra = ()
            if "status" in names:
                extra = tuple(sorted(Counter(model.objects.values_list("status", flat=True))))
            if "revoked_at" in names:
                extra = (model.objects.filter(revoked_at=None).count(),)
            figures.append((model.__name__, row["n"], row.get("v"), extra))
    return tuple(figures)


# --- The walk (done once; the tests read its record) -------------------------------------------


@dataclass
class Answer:
    kind: str  # "web" or "api"
    method: str
    name: str
    url: str
    role: str
    case: str | None
    model: str | None
    status: int
    content_type: str = ""
    body: bytes = b""


def _client(world, role: str, api: bool = False) -> Client:
    if api:
        key = world.api_keys.get(role)
        headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
        return Client(raise_request_exception=False, **headers)
    client = Client(raise_request_exception=False)
    if world.users[role] is not None:
        client.force_login(world.users[role])
    return client


def _api_operations(client: Client) -> list[tuple[str, str, list[str]]]:
    schema = json.loads(client.get("/api/v1/openapi.json").content)
    operations = []
    for path, methods in schema["paths"].items():
        for method in methods:
            params = re.findall(r"{(\w+)}", path)
            if any(param in VALUES_OF_PARAM for param in params):
                continue  # not an object's id (the RSVP token): tested by its own app
            if method in {"get", "post", "patch", "put", "delete"}:
                operations.append((method, path, params))
    return operations


def _walk(world) -> dict:
    answers: list[Answer] = []
    changed: list[str] = []
    routes = _routes()
    web = {role: _client(world, role) for role in ROLES}
    for route in routes:
        objects = [p for p in route.params if p not in VALUES_OF_PARAM]
        before = fingerprint() if objects else None
        for role in ROLES:
            for case in (None, *CASES) if objects else (None,):
                for kwargs, model in _expand(route, world, case):
                    url = reverse(route.name, kwargs=kwargs)
                    response = web[role].get(url)
                    answers.append(
                        Answer(
                            "web",
                            "GET",
                            route.name,
                            url,
                            role,
                            case,
                            model,
                            response.status_code,
                            response.get("Content-Type", ""),
                            _body(response) if response.status_code == 200 else b"",
                        )
                    )
                    if not objects:
                        continue
                    in_scope = case is not None and not out_of_scope(role, model, case)
                    if in_scope and is_writer(role, model):
                        continue  # a writer's empty form on its own object is not a refusal
                    response = web[role].post(url, {})
                    status = response.status_code
                    answer = Answer("web", "POST", route.name, url, role, case, model, status)
                    answers.append(answer)
        if before is not None and fingerprint() != before:
            changed.append(route.route)

    # Beyond the matrix's three objects per model, the leak search reads every unit and case
    # page of both provinces (a confidential resolution decides a case of its own).
    from hamahang.units.models import ProductionUnit, SupportCase

    extra = [
        ("units:unit_detail", pk) for pk in ProductionUnit.objects.values_list("pk", flat=True)
    ]
    extra += [("units:case_detail", pk) for pk in SupportCase.objects.values_list("pk", flat=True)]
    for name, pk in extra:
        for role in ROLES:
            url = reverse(name, kwargs={"pk": pk})
            response = web[role].get(url)
            body = response.content if response.status_code == 200 else b""
            answers.append(
                Answer("web", "GET", name, url, role, "extra", None, response.status_code, "", body)
            )

    anonymous = Client()
    operations = _api_operations(anonymous)
    api = {role: _client(world, role, api=True) for role in ROLES}
    for method, path, params in operations:
        before = fingerprint()
        for role in ROLES:
            for case in (None, *CASES) if params else (None,):
                url, model = path, None
                for param in params:
                    if param not in MODEL_OF_PARAM:
                        raise AssertionError(
                            f"The permission matrix cannot fill {{{param}}} of «{path}»: add it "
                            "to MODEL_OF_PARAM."
                        )
                    model = MODEL_OF_PARAM[param]
                    pk = MISSING if case is None else world.objects[model][case].pk
                    url = url.replace("{" + param + "}", str(pk))
                in_scope = case is not None and params and not out_of_scope(role, model, case)
                if method != "get" and (not params or (in_scope and is_writer(role, model))):
                    continue  # creation and a writer's own objects: covered by the app tests
                call = getattr(api[role], method)
                response = (
                    call(url) if method == "get" else call(url, {}, content_type="application/json")
                )
                answers.append(
                    Answer(
                        "api",
                        method.upper(),
                        path,
                        url,
                        role,
                        case,
                        model,
                        response.status_code,
                        response.get("Content-Type", ""),
                        response.content if response.status_code == 200 else b"",
                    )
                )
        if params and fingerprint() != before:
            changed.append(f"{method.upper()} {path}")
    return {
        "answers": answers,
        "changed": changed,
        "routes": len(routes),
        "operations": len(operations),
    }


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture(scope="module")
def walk(world, django_db_blocker):
    with django_db_blocker.unblock():
        record = _walk(world)
    record["world"] = world
    return record


pytestmark = pytest.mark.django_db


def _server_error(answer) -> bool:
    # /healthz answers 503 when a check fails; under test the cache is a dummy, so it does.
    if answer.url.startswith("/healthz") and answer.status == 503:
        return False
    return answer.status >= 500


def test_no_request_of_the_matrix_is_a_server_error(walk):
    errors = [f"{a.method} {a.url} as {a.role}" for a in walk["answers"] if _server_error(a)]
    assert errors == []


def test_an_object_out_of_scope_answers_as_a_missing_one(walk):
    missing = {
        (a.kind, a.method, a.name, a.role, _shape(a.url)): a.status
        for a in walk["answers"]
        if a.case is None
    }
    leaks, checked = [], 0
    for a in walk["answers"]:
        if a.case is None or a.model is None or not out_of_scope(a.role, a.model, a.case):
            continue
        checked += 1
        expected = missing[(a.kind, a.method, a.name, a.role, _shape(a.url))]
        if a.status != expected or a.status == 200:
            leaks.append(f"{a.method} {a.url} as {a.role} ({a.case}): {a.status} ≠ {expected}")
    world_module.SUMMARY["matrix"] = {
        "urls": walk["routes"],
        "api operations": walk["operations"],
        "roles": len(ROLES),
        "cases": len(CASES),
        "requests": len(walk["answers"]),
        "out-of-scope checked": checked,
        "leaks": len(leaks),
    }
    assert leaks == []
    assert checked > 500


def test_in_scope_objects_are_readable_by_the_office(walk):
    """The matrix is not vacuous: the secretariat reads its own and the other agency's objects,
    and the national secretariat the other province's."""
    pages = [
        a
        for a in walk["answers"]
        if a.method == "GET"
        and a.name.endswith("_detail")
        and not a.name.startswith(PUBLIC_PAGES)  # only published resolutions: see below
        and a.case in CASES
        and not out_of_scope(a.role, a.model, a.case)
        and a.role in {"secretariat", "national"}
    ]
    assert len(pages) > 20
    assert {(a.url, a.role, a.status) for a in pages if a.status != 200} == set()


def test_refused_writes_change_nothing(walk):
    """Every write URL and API operation was posted (empty form / body) by every role on every
    case (the secretariat only on what it may not touch): nothing changed in the database."""
    writes = [a for a in walk["answers"] if a.method != "GET" and a.case is not None]
    assert len(writes) > 500
    assert walk["changed"] == []


def _shape(url: str) -> str:
    return re.sub(r"/\d+/", "/N/", re.sub(r"/\d+$", "/N", url)).replace(str(MISSING), "N")


# --- Content leaks -----------------------------------------------------------------------------


def _text(answer: Answer) -> str:
    body = answer.body
    if body.startswith(b"%PDF"):
        done = subprocess.run(
            ["pdftotext", "-q", "-", "-"], input=body, capture_output=True, check=True
        )
        return done.stdout.decode("utf-8", "replace")
    if body.startswith(b"PK"):
        import zipfile

        from openpyxl import load_workbook

        archive = zipfile.ZipFile(io.BytesIO(body))
        if "[Content_Types].xml" not in archive.namelist():  # the public open-data ZIP
            return "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())

        book = load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(
            str(cell)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
    return body.decode("utf-8", "replace")


def forbidden_markers(world, role: str) -> dict[str, str]:
    home, away = world.home.markers, world.away.markers
    markers = {}
    if role not in {"national", "admin"}:
        markers.update({f"other province: {k}": v for k, v in away.items()})
    if role in {"viewer", "office_admin", "agency_liaison", "bank_liaison"}:
        markers["confidential text"] = home["confidential"]
    if role in {"agency_liaison", "bank_liaison"}:
        markers["another agency's assignment"] = home["agency_b"]
    if role == "bank_liaison":
        markers["another bank's contract"] = home["bank_y_contract"]
    return markers


def test_no_page_pdf_or_export_shows_what_the_role_must_not_see(walk):
    world = walk["world"]
    leaks, searched = [], Counter()
    for answer in walk["answers"]:
        if answer.status != 200 or not answer.body:
            continue
        markers = forbidden_markers(world, answer.role)
        if answer.name.startswith(PUBLIC_PAGES):
            markers = {"confidential text": world.home.markers["confidential"]}
        if not markers:
            continue
        text = _text(answer)
        kind = answer.kind
        if answer.body.startswith((b"%PDF", b"PK")):
            kind = "pdf" if answer.body.startswith(b"%PDF") else "xlsx"
        searched[kind] += 1
        for what, marker in markers.items():
            if marker in text:
                leaks.append(f"{answer.url} as {answer.role}: {what}")
    world_module.SUMMARY["content leaks"] = {
        **{f"{k} answers searched": v for k, v in sorted(searched.items())},
        "roles": len(ROLES),
        "provinces": 2,
        "leaks": len(leaks),
    }
    assert leaks == []
    assert searched["pdf"] > 0 and searched["xlsx"] > 0


def test_the_markers_are_really_shown_to_those_who_may_see_them(walk):
    """The leak search can fail: the secretariat's pages do show its own confidential text,
    agency B and bank Y's contract."""
    world = walk["world"]
    shown = "\n".join(
        _text(a) for a in walk["answers"] if a.role == "secretariat" and a.status == 200 and a.body
    )
    for name in ("confidential", "agency_b", "bank_y_contract"):
        assert world.home.markers[name] in shown


def test_the_public_portal_answers_everyone_without_login(walk):
    """The public pages (issue 19) are anonymous-allowed: every role, signed in or not, reads
    them; a resolution of the world is not published, so its public page is not found."""
    pages = [
        a
        for a in walk["answers"]
        if a.name.startswith(PUBLIC_PAGES)
        and a.method == "GET"
        and a.name != "public:statement_publish"
    ]
    assert {a.role for a in pages} == set(ROLES)
    listed = [a for a in pages if a.model is None]
    assert len(listed) > 100
    assert {(a.url, a.role, a.status) for a in listed if a.status != 200} == set()
    details = [a for a in pages if a.model == "resolution"]
    assert details and {a.status for a in details} == {404}
