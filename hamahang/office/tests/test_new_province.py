"""A new province starts from an empty database with setup_province and the screens alone."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from hamahang.accounts.models import Role, User
from hamahang.meetings.models import Meeting
from hamahang.organizations.models import Agency, Committee, Province

pytestmark = pytest.mark.django_db

PASSWORD = "Khuzestan@Office-1405"


def sign_in(client, username: str, password: str) -> None:
    """Through the real login form (django-axes checks it)."""
    response = client.post(reverse("login"), {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()


@pytest.fixture
def password_file(tmp_path):
    path = tmp_path / "admin-password"
    path.write_text(PASSWORD)
    return str(path)


def test_a_province_starts_from_an_empty_database(client, password_file, capsys):
    assert not Province.objects.exists() and not User.objects.exists()
    call_command(
        "setup_province",
        "--province", "khuzestan", "--admin", "khz-admin", "--password-file", password_file,
        "--county", "اهواز", "--county", "دزفول",
    )  # fmt: skip
    assert "دفتر هماهنگی امور اقتصادی استانداری خوزستان" in capsys.readouterr().out
    khuzestan = Province.objects.get(code="khuzestan")
    assert Province.objects.count() == 31 and khuzestan.counties.count() == 2

    # The office administrator sets up agencies, a county working group and people.
    sign_in(client, "khz-admin", PASSWORD)
    assert "راه‌اندازی دفتر" in client.get(reverse("home"), follow=True).content.decode()
    for name, kind in [
        ("سازمان صنعت، معدن و تجارت خوزستان", "executive"),
        ("بانک ملی خوزستان", "bank"),
    ]:
        response = client.post(reverse("office:agency_create"), {"name": name, "kind": kind})
        assert response.status_code == 302, response.content.decode()
    samt, bank = Agency.objects.get(name__startswith="سازمان صنعت"), Agency.objects.get(kind="bank")
    office = Agency.objects.get(province=khuzestan, kind="governorate")
    county = khuzestan.counties.get(name="دزفول")
    working_group = {
        "name": "",
        "kind": "facilitation",
        "county": county.pk,
        "chair_title": "فرماندار",
        "secretariat": office.pk,
        "members": [office.pk, samt.pk, bank.pk],
        "quorum": "۲",
    }
    refused = client.post(reverse("office:committee_create"), working_group)
    assert "نام ستاد یا کارگروه را بنویسید." in refused.content.decode()
    assert "این فیلد لازم است" not in refused.content.decode()
    assert not Committee.objects.filter(province=khuzestan).exists()
    working_group["name"] = "کارگروه تسهیل و رفع موانع تولید شهرستان دزفول"
    response = client.post(reverse("office:committee_create"), working_group, follow=True)
    page = response.content.decode()
    assert "«کارگروه تسهیل و رفع موانع تولید شهرستان دزفول» ذخیره شد." in page
    assert "ستاد ذخیره شد" not in page
    committee = Committee.objects.get(province=khuzestan)
    assert committee.county == county and committee.quorum == 2 and committee.members.count() == 3
    response = client.post(
        reverse("office:user_create"),
        {
            "username": "khz-dabir",
            "first_name": "زهرا",
            "last_name": "دبیرخانه",
            "agency": office.pk,
            "role": Role.SECRETARIAT,
            "is_active": "on",
            "password": "Dabirkhaneh#Ahvaz-77",
        },
    )
    assert response.status_code == 302, response.content.decode()
    client.logout()

    # The secretariat expert records the working group's first meeting.
    sign_in(client, "khz-dabir", "Dabirkhaneh#Ahvaz-77")
    response = client.post(
        reverse("meetings:meeting_create"),
        {"committee": committee.pk, "date": "1405/09/10", "place": "فرمانداری دزفول"},
    )
    assert response.status_code == 302, response.content.decode()
    meeting = Meeting.objects.get(committee=committee)
    assert meeting.date == dt.date(2026, 12, 1) and meeting.number == 1


def test_setup_refuses_an_unknown_province_and_a_missing_password(password_file, monkeypatch):
    with pytest.raises(CommandError, match="استانی با کد «xyz» نیست"):
        call_command(
            "setup_province", "--province", "xyz", "--admin", "a", "--password-file", password_file
        )
    monkeypatch.delenv("HAMAHANG_ADMIN_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="گذرواژه مدیر"):
        call_command("setup_province", "--province", "khuzestan", "--admin", "a")
    assert not User.objects.exists()


def test_the_office_screens_are_for_the_office_administrator_only(secretariat_client):
    assert secretariat_client.get(reverse("office:home")).status_code == 403
    assert (
        secretariat_client.post(reverse("office:agency_create"), {"name": "x"}).status_code == 403
    )
