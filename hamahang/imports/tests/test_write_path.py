"""Imports are callers of the services: what a screen refuses an import refuses, with the
Persian problem naming sheet, row and column and nothing written; an unchanged re-import
writes nothing at all; an imported change is on the timeline, saying it came from an import."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from hamahang.accounts.models import User
from hamahang.core.digits import to_persian_digits
from hamahang.imports.models import ImportRun
from hamahang.imports.services import ImportRefused, import_file
from hamahang.imports.tests.helpers import edit, export_bytes, rows_of
from hamahang.meetings.models import Meeting, Resolution, ResolutionEvent
from hamahang.organizations.models import Committee, Province
from hamahang.projects.models import (
    BankAgencyContract,
    ContractStep,
    NationalSubmission,
    Project,
    SubmissionItem,
)
from hamahang.units.models import ProductionUnit, UnitEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def dabir(demo_db):
    return User.objects.get(username="dabir")


@pytest.fixture
def held_resolution(dabir) -> Resolution:
    """A resolution of a held meeting (minutes not yet approved), made through the services."""
    import datetime as dt

    from hamahang.accounts.selectors import committee_list_for_user
    from hamahang.meetings import services

    committee = committee_list_for_user(user=dabir).order_by("pk").first()
    meeting = services.meeting_create(
        committee=committee, date=dt.date(2024, 5, 5), acting_user=dabir
    )
    meeting = services.meeting_transition(meeting=meeting, to_status="held", acting_user=dabir)
    return services.resolution_create(meeting=meeting, text="متن نخست", acting_user=dabir)


def problems_of(kind, content, user) -> list[str]:
    with pytest.raises(ImportRefused) as refused:
        import_file(kind=kind, source=io.BytesIO(content), user=user, apply=True)
    return [str(p) for p in refused.value.problems]


def approved_resolution() -> Resolution:
    return (
        Resolution.objects.filter(meeting__status=Meeting.Status.APPROVED)
        .select_related("meeting__committee")
        .order_by("pk")
        .first()
    )


def where(resolution: Resolution) -> dict:
    return {
        "ستاد": resolution.committee.name,
        "شماره جلسه": resolution.meeting.number,
        "شماره مصوبه": resolution.number,
        "سال": resolution.meeting.jalali_year,
    }


def all_history_counts() -> dict:
    from django.apps import apps

    counted = {}
    for model in apps.get_models():
        name = model.__name__
        if name.startswith("Historical") or name in {
            "ResolutionEvent",
            "UnitEvent",
            "CaseEvent",
            "ProjectEvent",
            "ContractStep",
            "DeadlineExtension",
            "FollowUp",
        }:
            counted[name] = model.objects.count()
    return counted


def test_changing_the_text_of_approved_minutes_is_refused_on_the_command_line(dabir, tmp_path):
    resolution = approved_resolution()
    content = edit(
        export_bytes("meetings", dabir), "مصوبات", where(resolution), {"متن مصوبه": "متن دیگر"}
    )
    path = tmp_path / "meetings.xlsx"
    path.write_bytes(content)
    errors = io.StringIO()
    with pytest.raises(CommandError, match="چیزی ذخیره نشد"):
        call_command("import_xlsx", "meetings", str(path), stderr=errors)
    assert "تأیید و قفل شده است" in errors.getvalue()
    assert "برگه «مصوبات»" in errors.getvalue() and "ستون «متن مصوبه»" in errors.getvalue()
    assert Resolution.objects.get(pk=resolution.pk).text == resolution.text


def test_changing_approved_minutes_is_refused_on_the_page(dabir, client):
    resolution = approved_resolution()
    content = edit(
        export_bytes("meetings", dabir), "مصوبات", where(resolution), {"متن مصوبه": "متن دیگر"}
    )
    client.force_login(dabir)
    page = client.post(
        reverse("imports:import_list"),
        {"kind": "meetings", "file": SimpleUploadedFile("m.xlsx", content)},
        follow=True,
    ).content.decode()
    run = ImportRun.objects.latest("pk")
    assert run.status == ImportRun.Status.INVALID
    assert "تأیید و قفل شده است" in page and "ستون «متن مصوبه»" in page
    assert Resolution.objects.get(pk=resolution.pk).text == resolution.text


def test_a_new_resolution_on_approved_minutes_is_refused(dabir):
    resolution = approved_resolution()
    last = resolution.meeting.resolutions.order_by("-number").first()
    content = edit(
        export_bytes("meetings", dabir),
        "مصوبات",
        where(last),
        {"شماره مصوبه": last.number + 1, "متن مصوبه": "مصوبه افزوده"},
        append=True,
    )
    before = Resolution.objects.count()
    problems = problems_of("meetings", content, dabir)
    assert any("مصوبه تازه" in p and "تأیید و قفل شده" in p for p in problems), problems
    assert Resolution.objects.count() == before


def test_moving_approved_minutes_back_to_planned_is_refused(dabir):
    meeting = approved_resolution().meeting
    content = edit(
        export_bytes("meetings", dabir),
        "جلسات",
        {"ستاد": meeting.committee.name, "سال": meeting.jalali_year, "شماره جلسه": meeting.number},
        {"وضعیت": "برنامه‌ریزی شده"},
    )
    problems = problems_of("meetings", content, dabir)
    assert any("برگه «جلسات»" in p and "ستون «وضعیت»" in p for p in problems), problems
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.APPROVED


def test_a_held_meeting_moved_back_is_refused(dabir, held_resolution):
    meeting = held_resolution.meeting
    content = edit(
        export_bytes("meetings", dabir),
        "جلسات",
        {"ستاد": meeting.committee.name, "سال": meeting.jalali_year, "شماره جلسه": meeting.number},
        {"وضعیت": "برنامه‌ریزی شده"},
    )
    problems = problems_of("meetings", content, dabir)
    assert any("بازنمی‌گردد" in p for p in problems), problems


def test_reimporting_unchanged_exports_changes_and_duplicates_nothing(dabir):
    files = {kind: export_bytes(kind, dabir) for kind in ("units", "projects", "meetings")}
    files["followups"] = export_bytes("followups", dabir)
    before = all_history_counts()
    steps = list(ContractStep.objects.order_by("pk").values_list("pk", "status", "date"))
    for kind, content in files.items():
        _, counts = import_file(kind=kind, source=io.BytesIO(content), user=dabir, apply=True)
        changed = {
            k: v for k, v in counts.items() if v and not k.endswith(("unchanged", "existing"))
        }
        assert changed == {}, (kind, counts)
    assert all_history_counts() == before
    assert list(ContractStep.objects.order_by("pk").values_list("pk", "status", "date")) == steps


def test_an_imported_change_is_on_the_timeline_saying_it_came_from_an_import(
    dabir, client, held_resolution
):
    resolution = held_resolution
    content = edit(
        export_bytes("meetings", dabir),
        "مصوبات",
        where(resolution),
        {"متن مصوبه": "متن ویرایش‌شده از اکسل"},
    )
    import_file(
        kind="meetings", source=io.BytesIO(content), user=dabir, apply=True, name="جلسات.xlsx"
    )
    resolution.refresh_from_db()
    assert resolution.text == "متن ویرایش‌شده از اکسل"
    event = resolution.events.latest("pk")
    assert event.kind == ResolutionEvent.Kind.EDITED and event.actor == dabir
    assert "جلسات.xlsx" in event.source and "ورود از اکسل" in event.source
    history = resolution.history.latest()
    assert "ورود از اکسل" in history.history_change_reason
    client.force_login(dabir)
    page = client.get(resolution.get_absolute_url()).content.decode()
    assert "ورود از اکسل «جلسات.xlsx»" in page


def test_codes_typed_with_persian_or_arabic_digits_are_the_same_codes(dabir):
    content = export_bytes("meetings", dabir)
    rows = rows_of(content, "تکالیف")
    code = rows[0]["کد مصوبه"]
    arabic = code.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    edited = edit(content, "تکالیف", {"کد مصوبه": code}, {"کد مصوبه": to_persian_digits(code)})
    edited = edit(edited, "تکالیف", {"کد مصوبه": code}, {"کد مصوبه": arabic})
    _, counts = import_file(kind="meetings", source=io.BytesIO(edited), user=dabir, apply=False)
    assert "assignments_created" not in counts and counts["assignments_unchanged"] >= 1


def test_duplicate_and_contradictory_rows_in_one_file_are_refused(dabir):
    resolution = approved_resolution()
    content = export_bytes("meetings", dabir)
    duplicate = edit(content, "مصوبات", where(resolution), {}, append=True)
    problems = problems_of("meetings", duplicate, dabir)
    assert any("همین برگه هم آمده است." in p for p in problems), problems
    contradictory = edit(content, "مصوبات", where(resolution), {"متن مصوبه": "دیگر"}, append=True)
    problems = problems_of("meetings", contradictory, dabir)
    assert any("ناسازگار" in p for p in problems), problems


def test_a_committee_of_another_province_is_refused(dabir):
    other = Province.objects.exclude(pk=dabir.agency.province_id).first() or (
        Province.objects.create(code="zz", name="استان آزمون")
    )
    committee = Committee.objects.filter(province=other).first() or Committee.objects.create(
        province=other, name="ستاد استان دیگر", short_name="ستاد دیگر", secretariat=dabir.agency
    )
    resolution = approved_resolution()
    content = edit(
        export_bytes("meetings", dabir), "مصوبات", where(resolution), {"ستاد": committee.name}
    )
    problems = problems_of("meetings", content, dabir)
    assert any("ستون «ستاد»" in p and "شناخته نیست" in p for p in problems), problems


def test_a_sent_submission_is_not_changed_or_refrozen(dabir):
    item = (
        SubmissionItem.objects.filter(submission__status=NationalSubmission.Status.SENT)
        .select_related("submission", "project")
        .first()
    )
    if item is None:
        pytest.skip("the demo has no sent submission")
    content = export_bytes("projects", dabir)
    batch = {"شماره نامه": item.submission.letter_number, "کد طرح": item.project.code}
    renamed = edit(content, "ارسال به دبیرخانه ملی", batch, {"عنوان مجموعه": "عنوان دیگر"})
    problems = problems_of("projects", renamed, dabir)
    assert any("فرستاده شده و ثابت است" in p for p in problems), problems
    outsider = (
        Project.objects.filter(province_id=item.submission.province_id)
        .exclude(submission_items__submission=item.submission)
        .first()
    )
    if outsider is not None:
        added = edit(
            content, "ارسال به دبیرخانه ملی", batch, {"کد طرح": outsider.code}, append=True
        )
        problems = problems_of("projects", added, dabir)
        assert any("افزوده نمی‌شود" in p for p in problems), problems
    snapshot = SubmissionItem.objects.get(pk=item.pk).snapshot
    assert snapshot == item.snapshot


def test_units_import_appends_status_history_and_never_deletes_it(dabir):
    unit = ProductionUnit.objects.filter(events__isnull=False).order_by("pk").first()
    events = list(unit.events.order_by("pk").values_list("pk", flat=True))
    content = export_bytes("units", dabir)
    ident = unit.legal_id or unit.national_code
    rows = [r for r in rows_of(content, "تاریخچه وضعیت") if str(r[next(iter(r))]) == ident]
    assert rows
    import_file(kind="units", source=io.BytesIO(content), user=dabir, apply=True)
    assert list(unit.events.order_by("pk").values_list("pk", flat=True)) == events
    assert UnitEvent.objects.filter(unit=unit).count() == len(events)


def test_projects_reimport_keeps_contract_step_history(dabir):
    contract = (
        BankAgencyContract.objects.filter(steps__isnull=False).order_by("pk").distinct().first()
    )
    steps = list(ContractStep.objects.order_by("pk").values_list("pk", flat=True))
    content = export_bytes("projects", dabir)
    import_file(kind="projects", source=io.BytesIO(content), user=dabir, apply=True)
    assert list(ContractStep.objects.order_by("pk").values_list("pk", flat=True)) == steps
    assert contract.steps.exists()


def test_a_status_changed_in_the_units_sheet_gets_its_history_event(dabir):
    unit = ProductionUnit.objects.filter(status="active").order_by("pk").first()
    ident = unit.legal_id or unit.national_code
    column = "شناسه ملی" if unit.legal_id else "کد ملی مالک"
    content = edit(export_bytes("units", dabir), "واحدها", {column: ident}, {"وضعیت": "راکد"})
    events = unit.events.count()
    import_file(kind="units", source=io.BytesIO(content), user=dabir, apply=True, name="u.xlsx")
    unit.refresh_from_db()
    assert unit.status == "stagnant" and unit.events.count() == events + 1
    event = unit.events.latest("pk")
    assert (event.from_status, event.to_status, event.actor) == ("active", "stagnant", dabir)
    assert "u.xlsx" in event.note
