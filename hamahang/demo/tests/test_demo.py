import pytest
from django.core.management import call_command

from hamahang.accounts.models import User
from hamahang.demo.users import DEMO_USERS
from hamahang.notices.models import Notice
from hamahang.organizations.models import Agency, Committee, County, Province

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_and_not_again(capsys):
    call_command("load_demo")
    first = capsys.readouterr().out
    counts = [m.objects.count() for m in (Province, County, Agency, Committee, User)]
    call_command("load_demo")
    second = capsys.readouterr().out
    assert "demo data loaded" in first and "already present" in second
    assert [m.objects.count() for m in (Province, County, Agency, Committee, User)] == counts
    assert counts[0] == 31 and counts[1] == 3
    assert Committee.objects.filter(kind="facilitation").count() == 1
    assert "dabir" in second  # the logins are printed every time
    assert not Notice.objects.exists()  # replaying years of work tells no one


def test_every_demo_user_can_sign_in():
    from hamahang.demo.services import demo_load

    demo_load(with_history=False)
    for username, *_ in DEMO_USERS:
        assert User.objects.get(username=username).check_password("Hamahang@1405")


def test_every_demo_liaison_has_a_mobile_number_of_their_own():
    from hamahang.demo.services import demo_load

    demo_load(with_history=False)
    liaisons = User.objects.filter(role__in=["agency_liaison", "bank_liaison"])
    mobiles = [user.mobile for user in liaisons]
    assert len(mobiles) > 10 and all(mobiles) and len(set(mobiles)) == len(mobiles)
    assert User.objects.get(username="samat").phone == "09121000003"
    assert User.objects.get(username="dabir").phone == ""
