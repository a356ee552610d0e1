"""The demo dataset: the seed's story (1399) and current-year records dated from today."""

from django.db import transaction

from hamahang.accounts.models import User
from hamahang.demo.users import DEMO_PASSWORD, DEMO_USERS
from hamahang.organizations.models import Agency
from hamahang.organizations.services import reference_data_load


def demo_is_loaded() -> bool:
    return User.objects.filter(username=DEMO_USERS[0][0]).exists()


@transaction.atomic
def demo_load() -> bool:
    """Load the demo data once; returns False (and changes nothing) if it is already there."""
    reference_data_load()
    if demo_is_loaded():
        return False
    agencies = {agency.short_name: agency for agency in Agency.objects.all()}
    for username, first, last, agency, role, title in DEMO_USERS:
        User.objects.create_user(
            username=username,
            password=DEMO_PASSWORD,
            first_name=first,
            last_name=last,
            agency=agencies[agency],
            role=role,
            title=title,
            email=f"{username}@example.ir",
        )
    User.objects.create_superuser(
        username="admin",
        password=DEMO_PASSWORD,
        email="admin@example.ir",
        first_name="مدیر",
        last_name="سامانه",
        agency=agencies["دفتر امور اقتصادی"],
        role="secretariat",
    )
    return True
