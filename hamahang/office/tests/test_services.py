"""The office set-up services check who acts and where, and refuse bad input in Persian."""

import pytest
from django.core.exceptions import ValidationError

from hamahang.accounts.models import Role
from hamahang.accounts.tests.factories import UserFactory
from hamahang.office import services
from hamahang.organizations.models import Agency
from hamahang.organizations.tests.factories import AgencyFactory, ProvinceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(office):
    return UserFactory(agency=office, role=Role.OFFICE_ADMIN)


def _refused(call, words: str):
    with pytest.raises(ValidationError) as caught:
        call()
    assert words in " ".join(caught.value.messages)


def test_only_an_office_administrator_sets_up_the_office(secretariat_user):
    before = Agency.objects.count()
    _refused(
        lambda: services.agency_save(
            acting_user=secretariat_user, spec=services.AgencySpec(name="اداره آب")
        ),
        "فقط از مدیر سامانه دفتر",
    )
    assert Agency.objects.count() == before


def test_another_provinces_rows_are_out_of_reach(admin):
    khuzestan = ProvinceFactory(name="خوزستان", code="khuzestan")
    elsewhere = AgencyFactory(province=khuzestan, name="بانک دیگر", kind="bank")
    _refused(
        lambda: services.agency_save(
            acting_user=admin, spec=services.AgencySpec(name="تغییر"), agency=elsewhere
        ),
        "یافت نشد",
    )
    elsewhere.refresh_from_db()
    assert elsewhere.name == "بانک دیگر"
    _refused(
        lambda: services.committee_save(
            acting_user=admin,
            spec=services.CommitteeSpec(
                name="ستاد", kind="facilitation", secretariat=admin.agency, members=[elsewhere]
            ),
        ),
        "یافت نشد",
    )


def test_a_quorum_larger_than_the_members_is_refused(admin, office):
    _refused(
        lambda: services.committee_save(
            acting_user=admin,
            spec=services.CommitteeSpec(
                name="ستاد تسهیل",
                kind="facilitation",
                secretariat=office,
                members=[office],
                quorum=3,
            ),
        ),
        "حد نصاب باید عددی از ۱ تا تعداد اعضا",
    )


def test_roles_and_passwords_are_checked(admin, office):
    spec = services.UserSpec(
        username="melli2", role=Role.NATIONAL, agency=office, password="Strong#Password-1405"
    )
    _refused(lambda: services.user_save(acting_user=admin, spec=spec), "این نقش را نمی‌توان")
    spec.role = Role.BANK_LIAISON
    _refused(lambda: services.user_save(acting_user=admin, spec=spec), "رابط بانک باید از یک بانک")
    spec.role, spec.password = Role.SECRETARIAT, "12345"
    with pytest.raises(ValidationError) as caught:
        services.user_save(acting_user=admin, spec=spec)
    assert "password" in caught.value.message_dict
    _refused(
        lambda: services.user_save(
            acting_user=admin,
            spec=services.UserSpec(username=admin.username, role=Role.VIEWER, agency=office),
            user=admin,
        ),
        "نقش یا فعال‌بودن حساب خودتان",
    )


def test_a_username_typed_with_persian_digits_is_stored_with_ascii_ones(admin, office, client):
    """Pages draw «rabet-20» as «rabet-۲۰»; the login form reads either as the stored name."""
    user = services.user_save(
        acting_user=admin,
        spec=services.UserSpec(
            username="rabet-۲۰",
            role=Role.SECRETARIAT,
            agency=office,
            password="Strong#Password-1405",
        ),
    )
    assert user.username == "rabet-20"
    _refused(
        lambda: services.user_save(
            acting_user=admin,
            spec=services.UserSpec(
                username="rabet-٢٠", role=Role.VIEWER, agency=office, password="Strong#Pass-1405"
            ),
        ),
        "پیش‌تر گرفته شده است",
    )


def test_a_users_mobile_is_stored_in_one_form_and_a_wrong_one_refused(admin, office):
    spec = {"role": Role.VIEWER, "agency": office, "password": "Strong#Password-1405"}
    user = services.user_save(
        acting_user=admin,
        spec=services.UserSpec(username="rabet-30", phone="+98 ۹۱۲ ۱۲۳ ۴۵۶۷", **spec),
    )
    assert user.phone == "09121234567"
    _refused(
        lambda: services.user_save(
            acting_user=admin,
            spec=services.UserSpec(username="rabet-31", phone="025-37776666", **spec),
        ),
        "شماره تلفن همراه درست نیست",
    )
    assert not type(user).objects.filter(username="rabet-31").exists()


def test_the_escalation_contacts_are_kept_in_one_form_and_bad_ones_refused(
    admin, office, client, province
):
    agency = services.agency_save(
        acting_user=admin,
        spec=services.AgencySpec(
            name="اداره کل راه و شهرسازی",
            head_name="علی رضایی",
            head_title="مدیرکل",
            head_mobile="۰۹۱۲ ۱۲۳ ۴۵۶۷",
            head_email="head@example.ir",
        ),
    )
    assert (agency.head_mobile, agency.head_email) == ("09121234567", "head@example.ir")
    _refused(
        lambda: services.agency_save(
            acting_user=admin,
            spec=services.AgencySpec(name=agency.name, head_mobile="12345"),
            agency=agency,
        ),
        "همراه",
    )
    agency.refresh_from_db()
    assert agency.head_mobile == "09121234567"

    client.force_login(admin)
    response = client.post(
        "/office/deputy/",
        {
            "deputy_name": "محمد کریمی",
            "deputy_title": "معاون استاندار",
            "deputy_mobile": "+989121110002",
        },
    )
    assert response.status_code == 302
    province.refresh_from_db()
    assert (province.deputy_name, province.deputy_mobile) == ("محمد کریمی", "09121110002")
    response = client.post("/office/deputy/", {"deputy_email": "not-an-address"})
    assert "نشانی رایانامه درست نیست." in response.content.decode()
    province.refresh_from_db()
    assert province.deputy_name == "محمد کریمی"


def test_escalation_thresholds_are_checked(admin, office):
    member = AgencyFactory(province=office.province, name="اداره آب")
    spec = services.CommitteeSpec(
        name="ستاد تازه",
        kind="other",
        secretariat=office,
        members=[member],
        escalate_head_days=10,
        escalate_deputy_days=5,
    )
    _refused(lambda: services.committee_save(acting_user=admin, spec=spec), "دیرتر")
    spec.escalate_head_days, spec.escalate_deputy_days = 0, 5
    committee = services.committee_save(acting_user=admin, spec=spec)
    assert (committee.escalate_head_days, committee.escalate_deputy_days) == (0, 5)
