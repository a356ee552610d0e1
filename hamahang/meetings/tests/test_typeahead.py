"""The type-ahead of projects, units, cases and agencies (issue 14): found by a word or a code as
Persian users type them, never beyond the user's scope, and checked again when the form posts."""

import datetime as dt

import pytest
from django.urls import reverse

from hamahang.accounts.models import Role, User
from hamahang.accounts.tests.factories import UserFactory
from hamahang.meetings import services as meeting_services
from hamahang.meetings.models import AgendaItem, Assignment, Resolution
from hamahang.meetings.tests.factories import make_meeting
from hamahang.organizations.tests.factories import AgencyFactory, CountyFactory, ProvinceFactory
from hamahang.projects import services as project_services
from hamahang.units import services as unit_services
from hamahang.units.models import SupportCase

pytestmark = pytest.mark.django_db

HELD_ON = dt.date(2020, 9, 15)
LOOKUP_QUERIES = 4  # the session, the user, their agency (the scope) and the options


def _project(user, code, title, owner=None):
    county = CountyFactory(province=user.agency.province)
    return project_services.project_create(
        acting_user=user,
        code=code,
        title=title,
        sector="industry",
        county=county,
        owner=owner or user.agency,
    )


def _unit_and_case(user, name, legal_id, county=None):
    """A unit of the user's province and a support case of it (no creditor needed)."""
    unit = unit_services.unit_register(
        acting_user=user,
        registered_on=dt.date(2026, 1, 1),
        name=name,
        legal_id=legal_id,
        county=county or CountyFactory(province=user.agency.province),
    )
    case = unit_services.case_create(
        unit=unit,
        type="licences_land",
        description="مهلت",
        received_on=dt.date(2026, 1, 2),
        acting_user=user,
    )
    return unit, case


@pytest.fixture
def tile_plant(secretariat_user, agency_a):
    return _project(secretariat_user, "1399-24-07", "کارخانه کاشی‌سازی یزد", owner=agency_a)


@pytest.fixture
def greenhouse(secretariat_user, agency_b):
    return _project(secretariat_user, "1400-11-02", "گلخانه هیدروپونیک قم", owner=agency_b)


@pytest.fixture
def elsewhere():
    """Another province's secretariat, with a project, a unit, a case and an agency whose
    names hold the same words as ours."""
    province = ProvinceFactory(name="یزد", code="yazd")
    office = AgencyFactory(province=province, name="دفتر امور اقتصادی یزد", kind="governorate")
    secretary = UserFactory(agency=office, role=Role.SECRETARIAT, username="dabir-yazd")
    bank = AgencyFactory(province=province, name="بانک کاشی یزد", kind="bank")
    project = _project(secretary, "1399-24-08", "کارخانه کاشی اردکان")
    unit, case = _unit_and_case(secretary, "کاشی اردکان", "10100340060", project.county)
    return {"project": project, "unit": unit, "case": case, "bank": bank}


def _options(client, name, query, **params):
    response = client.get(reverse(name), {"q": query, **params})
    assert response.status_code == 200
    return response.content.decode()


def test_a_project_is_found_by_a_word_of_its_title_typed_with_arabic_letters(
    secretariat_client, tile_plant, greenhouse, django_assert_max_num_queries
):
    with django_assert_max_num_queries(LOOKUP_QUERIES):
        found = _options(secretariat_client, "projects:project_lookup", "كاشي سازي")
    assert 'role="option"' in found
    assert f'data-value="{tile_plant.pk}"' in found
    assert "کارخانه کاشی‌سازی یزد" in found and "۱۳۹۹-۲۴-۰۷" in found
    assert f'data-value="{greenhouse.pk}"' not in found


def test_a_project_is_found_by_its_code_typed_with_persian_digits(
    secretariat_client, tile_plant, greenhouse
):
    found = _options(secretariat_client, "projects:project_lookup", "۱۴۰۰-۱۱")
    assert f'data-value="{greenhouse.pk}"' in found
    assert f'data-value="{tile_plant.pk}"' not in found
    arabic = _options(secretariat_client, "projects:project_lookup", "١٣٩٩-٢٤-٠٧")
    assert f'data-value="{tile_plant.pk}"' in arabic


def test_nothing_found_says_so_and_an_empty_query_lists_the_first_projects(
    secretariat_client, tile_plant, greenhouse
):
    nothing = _options(secretariat_client, "projects:project_lookup", "فولاد")
    assert "موردی با «فولاد» یافت نشد." in nothing
    assert 'aria-disabled="true"' in nothing
    first = _options(secretariat_client, "projects:project_lookup", "")
    assert first.index(f'data-value="{tile_plant.pk}"') < first.index(
        f'data-value="{greenhouse.pk}"'
    )


def test_a_look_up_answers_at_most_fifteen(secretariat_client, secretariat_user):
    for n in range(20):
        _project(secretariat_user, f"P-{n:02d}", f"طرح آزمایشی {n}")
    found = _options(secretariat_client, "projects:project_lookup", "آزمایشی")
    assert found.count('role="option"') == 15


def test_a_look_up_is_get_only(secretariat_client):
    response = secretariat_client.post(reverse("projects:project_lookup"), {"q": "کاشی"})
    assert response.status_code == 405


def test_a_liaison_finds_only_the_projects_and_agency_of_their_own(
    client, liaison_a, tile_plant, greenhouse, agency_b
):
    client.force_login(liaison_a)
    projects = _options(client, "projects:project_lookup", "")
    assert f'data-value="{tile_plant.pk}"' in projects
    assert f'data-value="{greenhouse.pk}"' not in projects
    assert f'data-value="{greenhouse.pk}"' not in _options(
        client, "projects:project_lookup", "گلخانه"
    )
    agencies = _options(client, "agency_lookup", "")
    assert f'data-value="{liaison_a.agency_id}"' in agencies
    assert f'data-value="{agency_b.pk}"' not in agencies


def test_the_other_provinces_objects_are_not_found(secretariat_client, tile_plant, elsewhere):
    projects = _options(secretariat_client, "projects:project_lookup", "کاشی")
    assert f'data-value="{tile_plant.pk}"' in projects
    assert f'data-value="{elsewhere["project"].pk}"' not in projects
    units = _options(secretariat_client, "units:unit_lookup", "کاشی")
    assert f'data-value="{elsewhere["unit"].pk}"' not in units
    cases = _options(secretariat_client, "units:case_lookup", "کاشی")
    assert f'data-value="{elsewhere["case"].pk}"' not in cases
    banks = _options(secretariat_client, "agency_lookup", "کاشی", kind="bank")
    assert f'data-value="{elsewhere["bank"].pk}"' not in banks
    assert "یافت نشد" in banks


def test_units_cases_and_banks_are_found_by_name_or_code(
    secretariat_client, secretariat_user, province, django_assert_max_num_queries
):
    unit, case = _unit_and_case(secretariat_user, "شرکت نیمه‌صنعتی کاشی‌سازان", "10100340056")
    bank = AgencyFactory(province=province, name="بانک ملی ایران", short_name="ملی", kind="bank")
    executive = AgencyFactory(province=province, name="اداره کل ملی‌سازی", kind="executive")
    assert f'data-value="{unit.pk}"' in _options(
        secretariat_client, "units:unit_lookup", "۱۰۱۰۰۳۴۰۰۵۶"
    )
    assert f'data-value="{unit.pk}"' in _options(secretariat_client, "units:unit_lookup", "نيمه")
    with django_assert_max_num_queries(LOOKUP_QUERIES):
        cases = _options(secretariat_client, "units:case_lookup", "کاشي", open="1")
    assert f'data-value="{case.pk}"' in cases and "شرکت نیمه‌صنعتی کاشی‌سازان" in cases
    banks = _options(secretariat_client, "agency_lookup", "ملي", kind="bank")
    assert f'data-value="{bank.pk}"' in banks and f'data-value="{executive.pk}"' not in banks
    owners = _options(secretariat_client, "agency_lookup", "ملي", exclude="bank")
    assert f'data-value="{executive.pk}"' in owners and f'data-value="{bank.pk}"' not in owners


def test_a_closed_case_is_not_offered_to_a_resolution(secretariat_client, secretariat_user):
    _unit, case = _unit_and_case(secretariat_user, "واحد بسته", "10100340056")
    SupportCase.objects.filter(pk=case.pk).update(status=SupportCase.Status.DECIDED)
    assert f'data-value="{case.pk}"' in _options(secretariat_client, "units:case_lookup", "بسته")
    open_only = _options(secretariat_client, "units:case_lookup", "بسته", open="1")
    assert f'data-value="{case.pk}"' not in open_only


# --- The forms ---------------------------------------------------------------------------------


def test_the_agenda_form_takes_the_chosen_projects_id(secretariat_client, committee, tile_plant):
    meeting = make_meeting(committee, HELD_ON)
    secretariat_client.post(
        reverse("meetings:meeting_agenda_add", args=[meeting.pk]),
        {"project": tile_plant.pk, "project_text": "۱۳۹۹-۲۴-۰۷ — کارخانه کاشی‌سازی یزد"},
    )
    item = AgendaItem.objects.get()
    assert item.project == tile_plant and "کارخانه کاشی‌سازی یزد" in item.title


def test_a_project_out_of_scope_is_refused_in_persian_and_nothing_is_added(
    secretariat_client, committee, elsewhere
):
    meeting = make_meeting(committee, HELD_ON)
    response = secretariat_client.post(
        reverse("meetings:meeting_agenda_add", args=[meeting.pk]),
        {"project": elsewhere["project"].pk, "project_text": "کارخانه کاشی اردکان"},
        follow=True,
    )
    assert "این طرح در دسترس شما نیست." in response.content.decode()
    assert AgendaItem.objects.count() == 0
    garbage = secretariat_client.post(
        reverse("meetings:meeting_agenda_add", args=[meeting.pk]),
        {"project": "99999999", "project_text": ""},
        follow=True,
    )
    assert "این طرح در دسترس شما نیست." in garbage.content.decode()
    assert AgendaItem.objects.count() == 0


def test_without_javascript_the_typed_words_or_code_decide(
    secretariat_client, committee, tile_plant, greenhouse, secretariat_user
):
    meeting = make_meeting(committee, HELD_ON)
    url = reverse("meetings:meeting_agenda_add", args=[meeting.pk])
    secretariat_client.post(url, {"project": "", "project_text": "گلخانه"})
    assert AgendaItem.objects.get().project == greenhouse
    _project(secretariat_user, "1401-01-01", "گلخانه دوم")
    response = secretariat_client.post(url, {"project": "", "project_text": "گلخانه"}, follow=True)
    # Without JavaScript there is no list to choose from: the message offers the full code too.
    assert (
        "بیش از یک طرح با «گلخانه» یافت شد؛ کد را کامل بنویسید یا یکی را از فهرست برگزینید."
        in response.content.decode()
    )
    assert AgendaItem.objects.count() == 1
    # The box still holding a chosen project's id but edited to another code: the text wins.
    secretariat_client.post(url, {"project": greenhouse.pk, "project_text": "۱۳۹۹-۲۴-۰۷"})
    assert AgendaItem.objects.order_by("pk").last().project == tile_plant


def _resolution_post(project, agency_pk, agency_text: str) -> dict:
    """The resolution form as posted: the project chosen, one agency row (an id or typed text)."""
    return {
        "text": "طرح کاشی‌سازی به بانک معرفی شود.",
        "type": "directive",
        "project": project.pk,
        "project_text": "",
        "assign-TOTAL_FORMS": "1",
        "assign-INITIAL_FORMS": "0",
        "assign-0-agency": agency_pk,
        "assign-0-agency_text": agency_text,
        "assign-0-role": "lead",
        "assign-0-deadline": "1399/07/15",
    }


def test_the_resolution_form_takes_chosen_ids_and_refuses_an_agency_out_of_scope(
    secretariat_client, committee, tile_plant, agency_a, elsewhere
):
    meeting = make_meeting(committee, HELD_ON)
    url = reverse("meetings:resolution_create", args=[meeting.pk])
    data = _resolution_post(tile_plant, elsewhere["bank"].pk, "بانک کاشی یزد")
    refused = secretariat_client.post(url, data)
    assert "این دستگاه در دسترس شما نیست." in refused.content.decode()
    assert Resolution.objects.count() == 0 and Assignment.objects.count() == 0
    data.update({"assign-0-agency": agency_a.pk, "assign-0-agency_text": ""})
    secretariat_client.post(url, data)
    resolution = Resolution.objects.get()
    assert resolution.project == tile_plant
    assert list(resolution.assignments.values_list("agency", flat=True)) == [agency_a.pk]


def test_a_chosen_value_shows_its_label_when_the_form_opens(
    secretariat_client, committee, tile_plant, secretariat_user
):
    meeting = make_meeting(committee, HELD_ON)
    resolution = meeting_services.resolution_create(
        meeting=meeting, text="متن", project=tile_plant, acting_user=secretariat_user
    )
    page = secretariat_client.get(
        reverse("meetings:resolution_edit", args=[resolution.pk])
    ).content.decode()
    assert f'name="project" value="{tile_plant.pk}"' in page
    assert 'value="\u2066۱۳۹۹-۲۴-۰۷\u2069 — کارخانه کاشی‌سازی یزد"' in page
    assert 'role="combobox"' in page and 'aria-controls="id_project-listbox"' in page
    assert reverse("projects:project_lookup") in page


def test_the_case_form_takes_the_units_id_and_refuses_another_provinces_unit(
    secretariat_client, secretariat_user, province, elsewhere, django_assert_max_num_queries
):
    unit = unit_services.unit_register(
        acting_user=secretariat_user,
        registered_on=dt.date(2026, 1, 1),
        name="شرکت کاشی سینا",
        legal_id="10100340056",
        county=CountyFactory(province=province),
    )
    tax = AgencyFactory(province=province, name="اداره کل امور مالیاتی", short_name="مالیات")
    with django_assert_max_num_queries(LOOKUP_QUERIES):
        _options(secretariat_client, "agency_lookup", "ماليات")
    page = secretariat_client.get(reverse("units:case_create"), {"unit": unit.pk}).content.decode()
    assert f'name="unit" value="{unit.pk}"' in page and "شرکت کاشی سینا" in page
    data = {
        "unit": elsewhere["unit"].pk,
        "unit_text": "کاشی اردکان",
        "type": "enforcement_postponement",
        "creditor": "tax",
        "creditor_agency": tax.pk,
        "creditor_agency_text": "",
        "received_on": "۱۴۰۵/۰۱/۲۰",
        "description": "تعویق اجراییه",
    }
    refused = secretariat_client.post(reverse("units:case_create"), data)
    assert "این واحد در دسترس شما نیست." in refused.content.decode()
    assert SupportCase.objects.filter(unit__province=province).count() == 0
    data.update({"unit": unit.pk, "unit_text": ""})
    secretariat_client.post(reverse("units:case_create"), data)
    case = SupportCase.objects.get(unit=unit)
    assert case.creditor_agency == tax


def test_the_office_set_up_finds_only_its_provinces_agencies(
    client, secretariat_client, office, elsewhere
):
    admin = UserFactory(agency=office, role=Role.OFFICE_ADMIN, username="office-admin")
    assert secretariat_client.get(reverse("office:agency_lookup")).status_code == 403
    client.force_login(admin)
    found = _options(client, "office:agency_lookup", "دفتر امور")
    assert f'data-value="{office.pk}"' in found
    assert f'data-value="{elsewhere["bank"].pk}"' not in found
    data = {
        "username": "new-dabir",
        "agency": elsewhere["bank"].pk,
        "agency_text": "بانک کاشی یزد",
        "role": Role.SECRETARIAT,
        "is_active": "on",
        "password": "Dabirkhaneh#Qom-77",
    }
    refused = client.post(reverse("office:user_create"), data)
    assert "این دستگاه از دستگاه‌های این استان نیست." in refused.content.decode()
    assert not User.objects.filter(username="new-dabir").exists()
    data.update({"agency": "", "agency_text": "دفتر هماهنگي"})  # typed, without JavaScript
    client.post(reverse("office:user_create"), data)
    assert User.objects.get(username="new-dabir").agency == office


def test_an_over_long_typed_text_is_refused_in_persian_and_nothing_is_added(
    secretariat_client, committee
):
    """The look-up view cuts its query at QUERY_MAX; the form's no-JavaScript path refuses
    longer text (a search of thousands of letters made SQLite's LIKE fail: a server error)."""
    meeting = make_meeting(committee, HELD_ON)
    response = secretariat_client.post(
        reverse("meetings:meeting_agenda_add", args=[meeting.pk]),
        {"title": "موضوع", "project": "", "project_text": "ب" * 5000},
        follow=True,
    )
    assert response.status_code == 200
    assert "بیش از ۱۰۰ نویسه است" in response.content.decode()
    assert not AgendaItem.objects.filter(meeting=meeting).exists()


def test_an_agency_not_found_reads_dastgahi_in_the_resolution_form(
    secretariat_client, committee, tile_plant
):
    meeting = make_meeting(committee, HELD_ON)
    url = reverse("meetings:resolution_create", args=[meeting.pk])
    data = _resolution_post(tile_plant, "", "چیزی که نیست")
    page = secretariat_client.post(url, data).content.decode()
    assert "دستگاهی با «چیزی که نیست» در دسترس شما نیست." in page
    assert "دستگاه‌ای" not in page
    assert Resolution.objects.count() == 0


def test_every_type_ahead_names_its_kind_with_the_right_indefinite_form():
    """«طرحی، واحدی، پرونده‌ای، دستگاهی، بانکی» — spelling cannot tell the silent «ه» of
    «پرونده» from the sounded one of «دستگاه», so each field says it."""
    from hamahang.core.forms import TypeaheadField
    from hamahang.meetings.forms import AssignmentRowForm, ResolutionForm, project_field
    from hamahang.office import forms as office_forms
    from hamahang.projects.forms import ContractForm, ProjectForm
    from hamahang.units.forms import CaseForm

    def not_found(field):
        return field.error_messages["not_found"] % {"value": "x"}

    expected = {
        "طرحی": [project_field("طرح")],
        "دستگاهی": [
            AssignmentRowForm.base_fields["agency"],
            ProjectForm.base_fields["owner"],
            CaseForm.base_fields["creditor_agency"],
            office_forms._agency_field("دستگاه"),
        ],
        "بانکی": [ContractForm.base_fields["bank"]],
        "واحدی": [CaseForm.base_fields["unit"]],
    }
    for indefinite, fields in expected.items():
        for field in fields:
            assert not_found(field).startswith(f"{indefinite} با "), not_found(field)
    case = ResolutionForm.base_fields["case"]
    assert not_found(case) == "پرونده «x» در دسترس نیست یا بسته شده است."
    assert (
        TypeaheadField(lookup=None, noun="پرونده", indefinite="پرونده‌ای", placeholder="")
        .error_messages["not_found"]
        .startswith("پرونده‌ای با")
    )
    assert (
        TypeaheadField(lookup=None, noun="دستگاه", placeholder="")
        .error_messages["not_found"]
        .startswith("دستگاهی با")
    )


def test_a_typed_text_with_a_control_character_is_refused_in_persian(secretariat_client, committee):
    """A NUL in the no-JavaScript text reached the search: a server error on PostgreSQL."""
    from hamahang.core.validation import CONTROL_CHAR_MESSAGE

    meeting = make_meeting(committee, HELD_ON)
    for posted in [{"project_text": "متن\x00با NUL"}, {"project": "\x00"}]:
        response = secretariat_client.post(
            reverse("meetings:meeting_agenda_add", args=[meeting.pk]),
            {"title": "موضوع", **posted},
            follow=True,
        )
        assert response.status_code == 200
        assert CONTROL_CHAR_MESSAGE in response.content.decode()
    assert not AgendaItem.objects.filter(meeting=meeting).exists()
