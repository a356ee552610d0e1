"""The demo dataset: the seed's story (1399) and current-year records dated from today."""

from django.db import transaction

from hamahang.accounts.access import LIAISON_ROLES
from hamahang.accounts.models import User
from hamahang.bale.services import bale_link_chat
from hamahang.demo.invitations import load_invitations
from hamahang.demo.meetings import load_meetings
from hamahang.demo.obstacle import load_obstacles
from hamahang.demo.outcome import load_outcomes
from hamahang.demo.projects import load_projects
from hamahang.demo.public import load_public
from hamahang.demo.refer import assign_county_secretariats, load_referrals
from hamahang.demo.units import load_units
from hamahang.demo.users import DEMO_BALE_CHAT_ID, DEMO_BALE_USER, DEMO_PASSWORD, DEMO_USERS
from hamahang.organizations.models import Agency
from hamahang.organizations.services import reference_data_load


def demo_is_loaded() -> bool:
    return User.objects.filter(username=DEMO_USERS[0][0]).exists()


@transaction.atomic
def demo_load(*, with_history: bool = True) -> bool:
    """Load the demo data once; returns False (and changes nothing) if it is already there.

    `with_history=False` loads only the reference data and the people (for tests that need
    the demo logins, not years of meetings)."""
    reference_data_load()
    if demo_is_loaded():
        return False
    agencies = {agency.short_name: agency for agency in Agency.objects.all()}
    for serial, (username, first, last, agency, role, title) in enumerate(DEMO_USERS):
        User.objects.create_user(
            username=username,
            password=DEMO_PASSWORD,
            first_name=first,
            last_name=last,
            agency=agencies[agency],
            role=role,
            title=title,
            email=f"{username}@example.ir",
            phone=demo_mobile(serial) if role in LIAISON_ROLES else "",
        )
    _liaisons_for_every_agency(agencies)
    assign_county_secretariats()
    bale_link_chat(user=User.objects.get(username=DEMO_BALE_USER), chat_id=DEMO_BALE_CHAT_ID)
    User.objects.create_superuser(
        username="admin",
        password=DEMO_PASSWORD,
        email="admin@example.ir",
        first_name="مدیر",
        last_name="سامانه",
        agency=agencies["دفتر امور اقتصادی"],
        role="secretariat",
    )
    if with_history:
        load_units()
        load_projects()
        load_meetings()
        load_outcomes()
        load_obstacles()
        load_invitations()
        load_public()
        load_referrals()
    return True


def demo_mobile(serial: int) -> str:
    """A liaison's demo mobile number: valid (09…, eleven digits) and the same on every load."""
    return f"0912{1_000_000 + serial:07d}"


def _liaisons_for_every_agency(agencies: dict[str, Agency]) -> None:
    """Every agency and bank of the demo province gets a liaison (rabet-N) with an e-mail."""
    covered = set(User.objects.exclude(agency=None).values_list("agency_id", flat=True))
    for agency in agencies.values():
        if agency.pk in covered or agency.kind not in {"executive", "bank"}:
            continue
        role = "bank_liaison" if agency.kind == "bank" else "agency_liaison"
        User.objects.create_user(
            username=f"rabet-{agency.pk}",
            password=DEMO_PASSWORD,
            first_name="رابط",
            last_name=agency.short_name,
            agency=agency,
            role=role,
            title=f"رابط {agency.short_name}",
            email=f"rabet-{agency.pk}@example.ir",
            phone=demo_mobile(100 + agency.pk),
        )
        if not agency.email:
            agency.email = f"office-{agency.pk}@example.ir"
            agency.save(update_fields=["email"])
