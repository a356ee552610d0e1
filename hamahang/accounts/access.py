"""The access rules, in one place. Selectors in every app scope their querysets with these.

- The national secretariat (and a superuser) sees every province.
- Everyone else sees their own agency's province only; a county secretariat (a user with a
  `county`) only that county's committees, meetings, resolutions, cases and units.
- Secretariat staff run the day's work (write); managers read all of it and approve minutes;
  viewers read; agency and bank liaisons see only what is assigned to their own agency.
A forbidden object answers 404, never 403, so its existence does not leak.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, QuerySet

from hamahang.accounts.models import Role, User

# What a screen says for an object outside the user's scope (the 404 page and the API's 404);
# services refuse such an object with the same words, code "not_found".
NOT_FOUND_MESSAGE = "موردی با این شناسه یافت نشد یا در دسترس شما نیست."

STAFF_ROLES = {Role.SECRETARIAT, Role.MANAGER, Role.VIEWER}
LIAISON_ROLES = {Role.AGENCY_LIAISON, Role.BANK_LIAISON}


def sees_all_provinces(user: User) -> bool:
    return bool(user.is_superuser or user.role == Role.NATIONAL)


def province_id_of(user: User) -> int | None:
    agency = user.agency
    return agency.province_id if agency else None


def is_liaison(user: User) -> bool:
    return not user.is_superuser and user.role in LIAISON_ROLES


def is_office_staff(user: User) -> bool:
    """Sees the whole province's work (secretariat, manager, viewer) or more."""
    return bool(user.is_superuser or user.role in STAFF_ROLES or user.role == Role.NATIONAL)


def can_run_secretariat(user: User) -> bool:
    """Records meetings, issues resolutions, verifies follow-ups."""
    return bool(user.is_superuser or user.role == Role.SECRETARIAT)


def require_secretariat(user: User) -> None:
    """Services call this before a secretariat-only write (a Persian ValidationError)."""
    if not can_run_secretariat(user):
        raise ValidationError("این کار فقط از کارشناسان دبیرخانه برمی‌آید.", code="not_allowed")


def deny_unless_secretariat(user: User) -> None:
    """Views call this for secretariat-only pages (the Persian 403 page)."""
    if not can_run_secretariat(user):
        raise PermissionDenied


def can_approve_minutes(user: User) -> bool:
    return bool(user.is_superuser or user.role in {Role.SECRETARIAT, Role.MANAGER})


def county_id_of(user: User) -> int | None:
    """The county a county secretariat's work is limited to (None: the whole province)."""
    if not user.is_authenticated or sees_all_provinces(user):
        return None
    return user.county_id


def scope_by_province(
    queryset: QuerySet, user: User, field: str = "province", *, county: str | None = None
) -> QuerySet:
    """Limit rows to the user's province (everything for the national secretariat); with
    `county` (the lookup of the row's county id, e.g. "committee__county_id"), a county
    secretariat's rows to its own county as well — the one county rule."""
    if not user.is_authenticated:
        return queryset.none()
    if sees_all_provinces(user):
        return queryset
    province_id = province_id_of(user)
    if province_id is None:
        return queryset.none()
    queryset = queryset.filter(**{f"{field}_id": province_id})
    county_id = county_id_of(user)
    if county and county_id:
        queryset = queryset.filter(**{county: county_id})
    return queryset


def can_administer_office(user: User) -> bool:
    """Sets up the office of their own province: committees, agencies and users."""
    return bool(user.is_authenticated and (user.is_superuser or user.role == Role.OFFICE_ADMIN))


def deny_unless_office_admin(user: User) -> None:
    """Views call this for the office set-up pages (the Persian 403 page)."""
    if not can_administer_office(user):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied


def reading_province(user: User) -> int | None:
    """The province whose data the user's pages read (None: every province), for the cache
    keys of `core.versioning`: a national user's cached pages depend on every province."""
    if sees_all_provinces(user) or not user.is_authenticated:
        return None
    return province_id_of(user)


def is_bank_liaison(user: User) -> bool:
    return bool(not user.is_superuser and user.role == Role.BANK_LIAISON)


def sees_confidential(user: User) -> bool:
    """Viewers (ناظر) never read a confidential resolution, nor does the office administrator
    (who sets up the office, not its decisions); liaisons only their own agency's."""
    return bool(user.is_superuser or user.role not in {Role.VIEWER, Role.OFFICE_ADMIN})


# --- Scope checks inside services ------------------------------------------------------------


def out_of_scope() -> ValidationError:
    """The refusal of an object the acting user may not see: the screens' 404 words."""
    return ValidationError(NOT_FOUND_MESSAGE, code="not_found")


def require_in_scope(visible: QuerySet, *objects) -> None:
    """Refuse unless every object (or primary key) is in `visible`, the acting user's scoped
    queryset (from the app's selector). Services call this before anything is written, so
    no caller (screen, API, import, task, shell) can skip the access rule."""
    pks = {getattr(obj, "pk", obj) for obj in objects if obj is not None}
    if not pks:
        return
    if visible.filter(pk__in=pks).count() != len(pks):
        raise out_of_scope()


# --- Who may do what -------------------------------------------------------------------------


def may_report(user: User, assignment) -> bool:
    """Who may report on an assignment: its own agency's liaison, or the secretariat."""
    if is_liaison(user):
        return user.agency_id == assignment.agency_id
    return can_run_secretariat(user)


def may_work_on_contract(user: User, contract) -> bool:
    """Who may move a bank agency contract along: its own bank's liaison, or the secretariat."""
    if is_bank_liaison(user):
        return contract.bank_id == user.agency_id
    return can_run_secretariat(user)


def sees_sent_submissions_only(user: User) -> bool:
    """The national secretariat reads a province's batches once they are sent."""
    return bool(not user.is_superuser and user.role == Role.NATIONAL)


def may_record_submission_outcome(user: User) -> bool:
    """The national secretariat's answer is recorded by it or by the province's secretariat."""
    return can_run_secretariat(user) or (not is_liaison(user) and user.role == Role.NATIONAL)


# --- Nested lists: resolutions, assignments and contracts ------------------------------------


def scope_resolutions(queryset: QuerySet, user: User) -> QuerySet:
    """The one rule for which resolutions a user may read, on any Resolution queryset
    (meetings, units and cases pages all go through it): the user's province; a liaison only
    resolutions assigned to its own agency; a viewer no confidential ones."""
    if not user.is_authenticated:
        return queryset.none()
    queryset = scope_by_province(
        queryset, user, "committee__province", county="committee__county_id"
    )
    if is_liaison(user):
        assignment = queryset.model._meta.get_field("assignments").related_model
        mine = assignment.objects.filter(resolution=OuterRef("pk"), agency_id=user.agency_id)
        return queryset.filter(Exists(mine))
    if not sees_confidential(user):
        return queryset.filter(is_confidential=False)
    return queryset


def scope_assignments(queryset: QuerySet, user: User) -> QuerySet:
    """Which assignments a user may read: a liaison only its own agency's; others those of
    the resolutions they may read."""
    if not user.is_authenticated:
        return queryset.none()
    if is_liaison(user):
        # The agency belongs to one province: no join needed to scope it.
        return queryset.filter(agency_id=user.agency_id)
    queryset = scope_by_province(
        queryset, user, "resolution__committee__province", county="resolution__committee__county_id"
    )
    if not sees_confidential(user):
        queryset = queryset.filter(resolution__is_confidential=False)
    return queryset


def scope_contracts(queryset: QuerySet, user: User) -> QuerySet:
    """Which bank agency contracts a user may read (the projects' scope is applied by the
    caller): a bank liaison only its own bank's."""
    if not user.is_authenticated:
        return queryset.none()
    if is_bank_liaison(user):
        return queryset.filter(bank_id=user.agency_id)
    return queryset


def scope_referrals(queryset: QuerySet, user: User) -> QuerySet:
    """Which referrals a user may read: the national secretariat every province's; office
    staff their province's; a county secretariat those of its county (sent from, down to or
    originating in it); viewers none of a confidential resolution; liaisons none."""
    if not user.is_authenticated or is_liaison(user) or not is_office_staff(user):
        return queryset.none()
    queryset = scope_by_province(queryset, user, county="county_id")
    if not sees_confidential(user):
        queryset = queryset.exclude(resolution__is_confidential=True)
    return queryset


def may_act_for_tier(user: User, level: str, committee, visible_committees: QuerySet) -> bool:
    """Whether the user acts for a tier of a referral: the national secretariat for the
    national HQ; a secretariat that sees the committee for a county or provincial one."""
    if level == "national":
        return bool(user.is_superuser or user.role == Role.NATIONAL)
    if not can_run_secretariat(user) or committee is None:
        return False
    return visible_committees.filter(pk=committee.pk).exists()
