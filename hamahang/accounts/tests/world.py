"""Two provinces of data for the permission matrix and the content-leak test.

Both provinces are built the same way, through the services (as the screens write), and every
text a role must not see carries a Latin marker (it survives PDF extraction and the Persian
digit filters): confidential resolution text, agency B's name, bank Y's contract number, the
other province's unit, project and resolution.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from hamahang.accounts.models import ApiToken, Role, User
from hamahang.accounts.tests.factories import UserFactory
from hamahang.accounts.tokens import api_token_create
from hamahang.imports.models import ImportRun
from hamahang.meetings import services as meetings
from hamahang.meetings.models import FollowUp, Objection
from hamahang.organizations.models import Agency, OfficeClosure
from hamahang.organizations.tests.factories import (
    AgencyFactory,
    CommitteeFactory,
    CountyFactory,
    ProvinceFactory,
)
from hamahang.projects import services as projects
from hamahang.units import services as units
from hamahang.webhooks import services as webhooks

HELD_ON = dt.date(2025, 6, 1)
NEXT_ON = dt.date(2025, 7, 1)
DEADLINE = dt.date(2025, 9, 1)

# The roles of the matrix, in the province "qom" (the national user and the admin see all).
ROLES = (
    "secretariat",
    "manager",
    "viewer",
    "agency_liaison",
    "bank_liaison",
    "national",
    "admin",
    "office_admin",
    "anonymous",
)
CASES = ("own", "other_agency", "other_province")


def national_code(seed: int) -> str:
    """A valid 10-digit Iranian national code (its last digit is the checksum)."""
    body = f"{seed:09d}"
    total = sum(int(d) * (10 - i) for i, d in enumerate(body))
    rest = total % 11
    return body + str(rest if rest < 2 else 11 - rest)


@dataclass
class Province:
    code: str
    markers: dict[str, str] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    objects: dict[str, dict[str, object]] = field(default_factory=dict)  # model → case → obj


def build_province(code: str, name: str, seed: int) -> Province:
    tag = code.upper()
    world = Province(code=code)
    m = world.markers = {
        "confidential": f"CONFIDENTIALTEXT{tag}",
        "agency_b": f"AGENCYB{tag}",
        "bank_y_contract": f"CONTRACTY{tag}",
        "bank_y": f"BANKY{tag}",
        "province_unit": f"UNITOF{tag}",
        "province_project": f"PROJECTOF{tag}",
        "province_resolution": f"RESOLUTIONOF{tag}",
        "province_subscription": f"HOOKOF{tag}",
    }
    province = ProvinceFactory(code=code, name=name)
    county = CountyFactory(province=province, name=f"شهرستان {name}")
    office = AgencyFactory(province=province, kind=Agency.Kind.GOVERNORATE, name=f"دفتر {name}")
    agency_a = AgencyFactory(province=province, name=f"دستگاه الف {tag}", short_name=f"الف {tag}")
    agency_b = AgencyFactory(
        province=province, name=f"دستگاه {m['agency_b']}", short_name=m["agency_b"]
    )
    bank_x = AgencyFactory(province=province, kind=Agency.Kind.BANK, name=f"بانک ایکس {tag}")
    bank_y = AgencyFactory(
        province=province, kind=Agency.Kind.BANK, name=f"بانک {m['bank_y']}", short_name=m["bank_y"]
    )
    u = world.users
    u["secretariat"] = UserFactory(agency=office, role=Role.SECRETARIAT)
    u["manager"] = UserFactory(agency=office, role=Role.MANAGER)
    u["viewer"] = UserFactory(agency=office, role=Role.VIEWER)
    u["office_admin"] = UserFactory(agency=office, role=Role.OFFICE_ADMIN)
    u["agency_liaison"] = UserFactory(agency=agency_a, role=Role.AGENCY_LIAISON)
    u["agency_b_liaison"] = UserFactory(agency=agency_b, role=Role.AGENCY_LIAISON)
    u["bank_liaison"] = UserFactory(agency=bank_x, role=Role.BANK_LIAISON)
    u["bank_y_liaison"] = UserFactory(agency=bank_y, role=Role.BANK_LIAISON)
    dabir = u["secretariat"]

    committee = CommitteeFactory(province=province, secretariat=office, name=f"ستاد {name}")
    committee.members.add(office, agency_a, agency_b)

    # Units and cases: case A1/A2 owe agency A (its liaison sees them and the unit), case B
    # owes agency B.
    unit_a = units.unit_register(
        acting_user=dabir,
        registered_on=HELD_ON,
        name=f"واحد {m['province_unit']}",
        national_code=national_code(seed),
        county=county,
        kind="industrial",
    )
    unit_b = units.unit_register(
        acting_user=dabir,
        registered_on=HELD_ON,
        name=f"واحد دوم {tag}",
        national_code=national_code(seed + 1),
        county=county,
        kind="industrial",
    )

    def case(unit, creditor_agency):
        return units.case_create(
            unit=unit,
            type="enforcement_postponement",
            creditor="tax",
            creditor_agency=creditor_agency,
            description="درخواست مهلت",
            received_on=HELD_ON,
            acting_user=dabir,
        )

    case_a1, case_a2 = case(unit_a, agency_a), case(unit_a, agency_a)
    case_b = case(unit_b, agency_b)

    # Projects: A's project has a contract with bank X and one with bank Y; B's only bank Y.
    def project(code_, owner):
        return projects.project_create(
            acting_user=dabir,
            code=code_,
            title=f"طرح {m['province_project']} {code_}",
            sector="industry",
            county=county,
            owner=owner,
        )

    project_a, project_b = project(f"P{tag}A", agency_a), project(f"P{tag}B", agency_b)
    lines = {
        p.pk: projects.investment_add(
            project=p,
            amount=Decimal("1000"),
            currency="IRR",
            value_date=HELD_ON,
            source="own_equity",
            acting_user=dabir,
        )
        for p in (project_a, project_b)
    }

    def contract(project_, bank, number):
        return projects.contract_create(
            project=project_,
            bank=bank,
            facility_amount=Decimal("5000"),
            currency="IRR",
            on_date=HELD_ON,
            acting_user=dabir,
            contract_number=number,
        )

    contract_x = contract(project_a, bank_x, f"CONTRACTX{tag}")
    contract_y = contract(project_a, bank_y, m["bank_y_contract"])
    contract(project_b, bank_y, m["bank_y_contract"] + "B")
    draft = projects.submission_create(title="پیش‌نویس", projects=[project_b], acting_user=dabir)
    sent = projects.submission_create(
        title="ارسال",
        projects=[project_a],
        acting_user=dabir,
        letter_number="1",
        letter_date=NEXT_ON,
    )
    projects.submission_send(submission=sent, acting_user=dabir)

    # Meetings: resolution R (cases A1, assigned to A and B) and the confidential R-conf
    # (case A2, assigned only to B); the next meeting carries both over.
    meeting = meetings.meeting_create(committee=committee, date=HELD_ON, acting_user=dabir)
    meetings.meeting_transition(meeting=meeting, to_status="held", acting_user=dabir)
    spec = meetings.AssignmentSpec
    r_open = meetings.resolution_create(
        meeting=meeting,
        text=f"پیگیری مهلت {m['province_resolution']}",
        acting_user=dabir,
        case=case_a1,
        assignments=[spec(agency_a, DEADLINE), spec(agency_b, DEADLINE, "collaborator")],
    )
    r_conf = meetings.resolution_create(
        meeting=meeting,
        text=f"متن محرمانه {m['confidential']}",
        acting_user=dabir,
        is_confidential=True,
        case=case_a2,
        project=project_a,
        assignments=[spec(agency_b, DEADLINE)],
    )
    next_meeting = meetings.meeting_create(committee=committee, date=NEXT_ON, acting_user=dabir)
    meetings.agenda_carry_over(meeting=next_meeting, acting_user=dabir)

    assign_a = r_open.assignments.get(agency=agency_a)
    assign_b = r_conf.assignments.get(agency=agency_b)
    followup_a = meetings.assignment_report(
        assignment=assign_a, acting_user=u["agency_liaison"], text="گزارش الف", progress=20
    )
    followup_b = meetings.assignment_report(
        assignment=assign_b,
        acting_user=u["agency_b_liaison"],
        text=f"گزارش {m['confidential']}",
        progress=30,
    )

    # Objections (filed long after the world's meeting: made directly, the window is past).
    objection_a, objection_b = (
        Objection.objects.create(
            assignment=assignment, reason="اعتراض", filed_by=who, paused_at=NEXT_ON
        )
        for assignment, who in ((assign_a, u["agency_liaison"]), (assign_b, u["agency_b_liaison"]))
    )
    closure = OfficeClosure.objects.create(
        province=province, date=dt.date(2099, 1, 3), reason="آلودگی هوا"
    )

    runs = {
        who: ImportRun.objects.create(
            kind="units", file="imports/x.xlsx", original_name="x.xlsx", uploaded_by=u[who]
        )
        for who in ("secretariat", "agency_b_liaison")
    }
    tokens = {
        who: api_token_create(user=u[who], name="matrix")
        for who in ("secretariat", "agency_b_liaison")
    }

    rounds = {
        "own": _signoff_round(meeting, dabir, u["agency_liaison"], tag),
        "other_agency": _signoff_round(next_meeting, dabir, u["agency_b_liaison"], tag + "b"),
    }
    hooks = [
        webhooks.subscription_create(
            acting_user=dabir,
            spec=webhooks.SubscriptionSpec(
                name=f"{m['province_subscription']} {n}",
                url=f"https://portal-{code}.example.ir/hooks/{n}",
                events=["resolution.issued"],
            ),
        )[0]
        for n in (1, 2)
    ]

    # Referrals: R goes up to the national HQ; case B too.
    referral_own, referral_other = (
        meetings.referral_send(
            acting_user=dabir,
            deadline=dt.date(2099, 6, 1),
            reason="ارجاع به ستاد ملی",
            from_committee=committee,
            **origin,
        )
        for origin in ({"resolution": r_open}, {"case": case_b})
    )

    # Producers' commitments (outcomes): one on each agency's unit.
    from hamahang.outcomes.services import commitment_create

    commitments = {
        case: commitment_create(
            unit=unit,
            kind="repay_arrears",
            description="بازپرداخت معوقات بانکی",
            deadline=dt.date(2099, 6, 1),
            acting_user=dabir,
        )
        for case, unit in (("own", unit_a), ("other_agency", unit_b))
    }

    world.objects = {
        "commitment": commitments,
        "signoff_round": rounds,
        "signed_minutes": {case: r.signed for case, r in rounds.items()},
        "meeting": {"own": meeting, "other_agency": next_meeting},
        "committee": {"own": committee, "other_agency": committee},
        "agency": {"own": agency_a, "other_agency": agency_b},
        "user": {"own": u["agency_liaison"], "other_agency": u["agency_b_liaison"]},
        "resolution": {"own": r_open, "other_agency": r_conf},
        "assignment": {"own": assign_a, "other_agency": assign_b},
        "followup": {"own": followup_a, "other_agency": followup_b},
        "objection": {"own": objection_a, "other_agency": objection_b},
        "closure": {"own": closure, "other_agency": closure},
        "unit": {"own": unit_a, "other_agency": unit_b},
        "case": {"own": case_a1, "other_agency": case_b},
        "project": {"own": project_a, "other_agency": project_b},
        "line": {"own": lines[project_a.pk], "other_agency": lines[project_b.pk]},
        "contract": {"own": contract_x, "other_agency": contract_y},
        "submission": {"own": sent, "other_agency": draft},
        "submission_item": {
            "own": sent.items.get(),
            "other_agency": draft.items.get(),
        },
        "import_run": {"own": runs["secretariat"], "other_agency": runs["agency_b_liaison"]},
        "token": {
            "own": tokens["secretariat"][0],
            "other_agency": tokens["agency_b_liaison"][0],
        },
        "subscription": {"own": hooks[0], "other_agency": hooks[1]},
        "referral": {"own": referral_own, "other_agency": referral_other},
    }
    assert FollowUp.objects.filter(pk=followup_b.pk).exists()
    return world


def _signoff_round(meeting, sent_by, signer, tag):
    """A sign-off round and its signed minutes, as rows (their files are not written: the
    matrix asks who may reach them, the signoff app's tests what they hold)."""
    from hamahang.signoff.models import SignedMinutes, Signer, SignoffRound

    round_ = SignoffRound.objects.create(
        meeting=meeting,
        sent_by=sent_by,
        due_on=meeting.date,
        draft_pdf=f"signoff/drafts/matrix-{tag}.pdf",
        draft_sha256="0" * 64,
        content_sha256="0" * 64,
        status=SignoffRound.Status.APPROVED,
    )
    Signer.objects.create(round=round_, user=signer, agency=signer.agency, role="attendee")
    round_.signed = SignedMinutes.objects.create(
        round=round_,
        meeting=meeting,
        code=f"matrix{tag}".lower()[:16],
        sha256=f"{tag}".ljust(64, "0")[:64],
        pdf=f"signoff/signed/matrix-{tag}.pdf",
        size=1,
        certificate_subject="matrix",
    )
    return round_


@dataclass
class World:
    home: Province
    away: Province
    users: dict[str, User | None]
    objects: dict[str, dict[str, object]]  # model → case → object
    api_keys: dict[str, str]


def build_world() -> World:
    home = build_province("qom", "قم", 1_234_567)
    away = build_province("khz", "خوزستان", 2_345_678)
    national_agency = AgencyFactory(province=None, kind=Agency.Kind.NATIONAL, name="دبیرخانه ملی")
    users: dict[str, User | None] = dict(home.users)
    users["national"] = UserFactory(agency=national_agency, role=Role.NATIONAL)
    users["admin"] = UserFactory(
        agency=home.users["secretariat"].agency, is_superuser=True, is_staff=True
    )
    users["anonymous"] = None
    objects = {
        model: {**cases, "other_province": away.objects[model]["own"]}
        for model, cases in home.objects.items()
    }
    api_keys = {}
    for role in ROLES:
        if users[role] is not None:
            api_keys[role] = api_token_create(user=users[role], name="matrix-api")[1]
    assert ApiToken.objects.count() >= len(api_keys)
    return World(home=home, away=away, users=users, objects=objects, api_keys=api_keys)


# Counts the matrix and the leak test report; printed in pytest's terminal summary.
SUMMARY: dict[str, dict[str, int]] = {}
