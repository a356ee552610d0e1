"""Office set-up screens: the province's agencies, committees and people, without /admin/."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from hamahang.accounts.access import deny_unless_office_admin
from hamahang.core.lookups import render_options
from hamahang.core.services import add_service_error, error_text
from hamahang.office import selectors, services
from hamahang.office.forms import AgencyForm, ClosureForm, CommitteeForm, DeputyForm, UserForm


@login_required
def office_home(request):
    deny_unless_office_admin(request.user)
    user = request.user
    return render(
        request,
        "office/home.html",
        {
            "agencies": selectors.office_agencies(user=user),
            "committees": selectors.office_committees(user=user),
            "people": selectors.office_users(user=user),
        },
    )


@login_required
@require_GET
def agency_lookup(request):
    """The province's agencies whose name holds what was typed (?q=), for the set-up forms."""
    deny_unless_office_admin(request.user)
    return render_options(
        request, selectors.OFFICE_AGENCY_LOOKUP, selectors.office_agencies(user=request.user)
    )


def _edit(request, *, form, save, done, title: str, back: str):
    """Validate the form, call the service, and show its Persian refusal on the form; `done`
    is the success message, or makes it from what was saved."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, done(saved) if callable(done) else done)
            return redirect(back)
    return render(request, "office/form.html", {"form": form, "title": title, "back": back})


@login_required
def agency_edit(request, pk: int | None = None):
    deny_unless_office_admin(request.user)
    agency = selectors.office_agency(user=request.user, pk=pk) if pk else None
    initial = {f: getattr(agency, f) for f in AgencyForm.base_fields} if agency else {}
    return _edit(
        request,
        form=AgencyForm(request.POST or None, initial=initial),
        save=lambda data: services.agency_save(
            acting_user=request.user, spec=services.AgencySpec(**data), agency=agency
        ),
        done="دستگاه ذخیره شد.",
        title=f"ویرایش {agency.name}" if agency else "دستگاه تازه",
        back="office:home",
    )


@login_required
def deputy_edit(request):
    """The province's deputy governor for economic affairs: the escalation chain's last step."""
    deny_unless_office_admin(request.user)
    province = request.user.agency.province if request.user.agency else None
    initial = {f: getattr(province, f) for f in DeputyForm.base_fields} if province else {}
    return _edit(
        request,
        form=DeputyForm(request.POST or None, initial=initial),
        save=lambda data: services.province_deputy_save(
            acting_user=request.user, spec=services.DeputySpec(**data)
        ),
        done="مشخصات معاون استاندار ذخیره شد.",
        title="معاون استاندار (پیگیری سلسله‌مراتبی تأخیرها)",
        back="office:home",
    )


@login_required
def committee_edit(request, pk: int | None = None):
    deny_unless_office_admin(request.user)
    user = request.user
    committee = selectors.office_committee(user=user, pk=pk) if pk else None
    initial = {}
    if committee:
        initial = {
            f: getattr(committee, f)
            for f in (
                "name",
                "short_name",
                "kind",
                "county",
                "chair_title",
                "secretariat",
                "thursday_off",
                "objection_days",
                "escalate_head_days",
                "escalate_deputy_days",
            )
        }
        initial |= {"members": list(committee.members.all()), "quorum": committee.quorum}
    form = CommitteeForm(
        request.POST or None,
        initial=initial,
        agencies=selectors.office_agencies(user=user),
        counties=selectors.office_counties(user=user),
    )
    return _edit(
        request,
        form=form,
        save=lambda data: services.committee_save(
            acting_user=user, spec=services.CommitteeSpec(**data), committee=committee
        ),
        # Named by itself: a county «کارگروه» is not a «ستاد».
        done=lambda saved: f"«{saved.name}» ذخیره شد.",
        title=f"ویرایش {committee.name}" if committee else "ستاد یا کارگروه تازه",
        back="office:home",
    )


@login_required
def user_edit(request, pk: int | None = None):
    deny_unless_office_admin(request.user)
    acting = request.user
    person = selectors.office_user(user=acting, pk=pk) if pk else None
    fields = (
        "username",
        "first_name",
        "last_name",
        "title",
        "email",
        "phone",
        "agency",
        "role",
        "county",
    )
    initial = (
        {f: getattr(person, f) for f in fields} | {"is_active": person.is_active} if person else {}
    )
    return _edit(
        request,
        form=UserForm(
            request.POST or None,
            initial=initial,
            agencies=selectors.office_agencies(user=acting),
            counties=selectors.office_counties(user=acting),
        ),
        save=lambda data: services.user_save(
            acting_user=acting, spec=services.UserSpec(**data), user=person
        ),
        done="کاربر ذخیره شد.",
        title=f"ویرایش {person}" if person else "کاربر تازه",
        back="office:home",
    )


def _deny_unless_closures(user) -> None:
    if not selectors.may_enter_closures(user):
        raise PermissionDenied


@login_required
def closure_list(request):
    """The province's announced closures (تعطیلی اضطراری): list, add (and remove below)."""
    user = request.user
    _deny_unless_closures(user)
    form = ClosureForm(request.POST or None, counties=selectors.closure_counties(user=user))
    if request.method == "POST" and form.is_valid():
        try:
            closure = services.closure_add(acting_user=user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"{closure} ثبت شد؛ مهلتی در این روز نمی‌افتد.")
            return redirect("office:closure_list")
    return render(
        request,
        "office/closures.html",
        {"form": form, "closures": selectors.office_closures(user=user)[:200]},
        status=422 if form.is_bound else 200,
    )


@login_required
@require_POST
def closure_remove(request, pk: int):
    user = request.user
    _deny_unless_closures(user)
    closure = selectors.office_closure(user=user, pk=pk)
    try:
        services.closure_remove(acting_user=user, closure=closure)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, f"{closure} حذف شد.")
    return redirect("office:closure_list")
