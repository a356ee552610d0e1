"""Redmine's peer workload (../shared/peers/redmine/load.sql) regenerated in Hamahang's schema.

The same deterministic formula: every pseudo-random choice is `r(salt, n)`, the first 32 bits
of md5("salt:n"), exactly as load.sql's `pg_temp.r`. Dates are relative to the load day (UTC),
as load.sql's `current_date` / `now()` on a UTC server.

Mapping (issue 20): one province, 40 agencies (load.sql's users 101..140) with a liaison each,
one committee; each Redmine issue is one resolution with one assignment (assignee → agency,
due date → deadline, New → issued, In Progress → in progress, Closed → verified done, done
ratio → progress); each journal is a follow-up on the same item, written by the secretariat
(Redmine's admin, user 1) or the agency's liaison. Resolutions are grouped into one meeting
per day of their creation. Rows go in through COPY (`bench.copy.insert_rows`)."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from hamahang.accounts.models import Role, User
from hamahang.bench.copy import insert_rows
from hamahang.bench.load import _password_hash
from hamahang.core.jalali import jalali_year
from hamahang.core.text import search_key
from hamahang.meetings.models import Assignment, FollowUp, Meeting, Resolution
from hamahang.meetings.services import resolution_code, resolution_derived_state
from hamahang.organizations.models import Agency, Committee, Province
from hamahang.organizations.services import reference_data_load

ISSUES = 200_000
JOURNALS = 600_000
BIG_AGENCY = 101  # Redmine's agency01: every 20th issue
COMMITTEE_NAME = "کمیسیون مصوبات (بار مقایسه با Redmine)"
CHUNK = 10_000

BODY = (
    "کمیسیون در جلسه مورخ گذشته با بررسی گزارش دستگاه اجرایی مقرر "
    "کرد که اقدامات لازم برای اجرای کامل این مصوبه در چارچوب "
    "قوانین و مقررات جاری و با رعایت اعتبارات مصوب سال جاری انجام "
    "شود و گزارش پیشرفت کار به صورت ماهانه به دبیرخانه کمیسیون "
    "ارسال گردد. دستگاه مسئول موظف است هماهنگی\u200cهای لازم را با "
    "سایر دستگاه\u200cهای ذی\u200cربط به عمل آورد و در صورت بروز هرگونه "
    "مانع اجرایی، مراتب را با ذکر دلایل و پیشنهاد راهکار به "
    "کمیسیون اعلام نماید. همچنین مقرر شد سازمان برنامه و بودجه "
    "نسبت به تأمین منابع مالی مورد نیاز اقدام کند و نتیجه اقدامات "
    "در جلسه آتی کمیسیون مطرح شود. مسئولیت حسن اجرای این مصوبه بر "
    "عهده بالاترین مقام دستگاه اجرایی است."
)  # load.sql's txt.body: the same 622 characters
AGENCY_NAMES = [
    "وزارت کشور",
    "وزارت امور اقتصادی و دارایی",
    "وزارت امور خارجه",
    "وزارت آموزش و پرورش",
    "وزارت بهداشت، درمان و آموزش پزشکی",
    "وزارت علوم، تحقیقات و فناوری",
    "وزارت نیرو",
    "وزارت نفت",
    "وزارت راه و شهرسازی",
    "وزارت صنعت، معدن و تجارت",
    "وزارت جهاد کشاورزی",
    "وزارت تعاون، کار و رفاه اجتماعی",
    "وزارت ارتباطات و فناوری اطلاعات",
    "وزارت فرهنگ و ارشاد اسلامی",
    "وزارت دادگستری",
    "وزارت ورزش و جوانان",
    "وزارت میراث فرهنگی، گردشگری و صنایع دستی",
    "وزارت دفاع و پشتیبانی نیروهای مسلح",
    "وزارت اطلاعات",
    "سازمان برنامه و بودجه",
    "سازمان اداری و استخدامی",
    "سازمان حفاظت محیط زیست",
    "سازمان ملی استاندارد",
    "سازمان ثبت احوال",
    "سازمان امور مالیاتی",
    "گمرک ایران",
    "بانک مرکزی",
    "سازمان بهزیستی",
    "سازمان تأمین اجتماعی",
    "سازمان مدیریت بحران",
    "سازمان هواپیمایی کشوری",
    "سازمان بنادر و دریانوردی",
    "سازمان نقشه\u200cبرداری",
    "سازمان هواشناسی",
    "سازمان زمین\u200cشناسی",
    "سازمان ملی زمین و مسکن",
    "سازمان انرژی اتمی",
    "سازمان فناوری اطلاعات",
    "سازمان امور عشایر",
    "مرکز آمار",
]
TOPICS = [
    "ساماندهی منابع آب",
    "اصلاح ساختار اداری",
    "توسعه دولت الکترونیک",
    "حمایت از تولید داخلی",
    "کاهش مصرف انرژی",
    "بهبود فضای کسب و کار",
    "ساماندهی حاشیه\u200cنشینی",
    "توسعه حمل و نقل عمومی",
    "مدیریت پسماند",
    "ارتقای سلامت عمومی",
    "تأمین مسکن",
    "آموزش مهارتی جوانان",
]
OPENERS = [
    "گزارش پیشرفت دریافت شد؛ ",
    "پیگیری تلفنی انجام شد؛ ",
    "نامه یادآوری ارسال گردید؛ ",
    "دستگاه درخواست تمدید مهلت کرد؛ ",
    "جلسه هماهنگی برگزار شد؛ ",
    "مستندات تکمیلی واصل شد؛ ",
]

NEW, IN_PROGRESS, CLOSED = 1, 2, 5
STATUS = {
    NEW: Assignment.Status.ISSUED,
    IN_PROGRESS: Assignment.Status.IN_PROGRESS,
    CLOSED: Assignment.Status.VERIFIED_DONE,
}


def r(salt: str, n: int) -> int:
    """load.sql's `pg_temp.r(salt, n)`: the first 32 bits of md5('salt:n')."""
    return int(hashlib.md5(f"{salt}:{n}".encode()).hexdigest()[:8], 16)


@dataclass(frozen=True)
class Issue:
    n: int
    assignee: int  # Redmine user id 101..140
    due: dt.date
    status: int  # 1 New, 2 In Progress, 5 Closed
    created: dt.datetime  # UTC
    closed: dt.datetime | None
    done_ratio: int
    subject: str
    description: str


def issue(n: int, day: dt.date, now: dt.datetime) -> Issue:
    """Issue `n` as load.sql computes it on `day` (current_date) at `now` (UTC)."""
    due = day - dt.timedelta(days=730) + dt.timedelta(days=r("due", n) % 1095)
    roll = r("status", n) % 100
    if due < day:
        status = NEW if roll < 15 else IN_PROGRESS if roll < 30 else CLOSED
    else:
        status = NEW if roll < 50 else IN_PROGRESS if roll < 90 else CLOSED
    start = min(
        due - dt.timedelta(days=30 + r("lead", n) % 335),
        day - dt.timedelta(days=1 + r("lag", n) % 60),
    )
    created = dt.datetime.combine(start, dt.time(), dt.UTC) + dt.timedelta(
        seconds=r("tod", n) % 86400
    )
    closed = None
    if status == CLOSED:
        closed = created + (now - created) * (r("close", n) % 1000) / 1000
    done = {CLOSED: 100, IN_PROGRESS: 10 * (r("done", n) % 10)}.get(status, 0)
    assignee = BIG_AGENCY if n % 20 == 0 else 102 + r("agency", n) % 39
    topic = TOPICS[r("topic", n) % len(TOPICS)]
    start_at = r("desc", n) % (len(BODY) - 200)
    return Issue(
        n=n,
        assignee=assignee,
        due=due,
        status=status,
        created=created,
        closed=closed,
        done_ratio=done,
        subject=f"مصوبه شماره {n} - {topic}",
        description=BODY[start_at : start_at + 200],
    )


@dataclass(frozen=True)
class Journal:
    j: int
    issue: int
    by_admin: bool  # Redmine's user 1 (the secretariat here); else the assignee
    notes: str
    created: dt.datetime


def journal(j: int, issues: dict[int, Issue], now: dt.datetime, count: int = ISSUES) -> Journal:
    """Journal `j` as load.sql computes it, on one of `count` issues (`issues`: by n)."""
    n = 1 + r("jissue", j) % count
    item = issues[n]
    start_at = r("jtxt", j) % (len(BODY) - 120)
    end = item.closed or now
    return Journal(
        j=j,
        issue=n,
        by_admin=r("juser", j) % 3 == 0,
        notes=OPENERS[r("jopen", j) % len(OPENERS)] + BODY[start_at : start_at + 120],
        created=item.created + (end - item.created) * (1 + r("jt", j) % 999) / 1000,
    )


def already_generated() -> bool:
    return Committee.objects.filter(name=COMMITTEE_NAME).exists()


@transaction.atomic
def _frame(province: Province) -> tuple[Committee, dict[int, Agency], dict[int, User], User]:
    office, _ = Agency.objects.get_or_create(
        province=province,
        name=f"دفتر هماهنگی امور اقتصادی استانداری {province.name}",
        defaults={"short_name": "دفتر امور اقتصادی", "kind": Agency.Kind.GOVERNORATE},
    )
    agencies, liaisons = {}, {}
    for k, name in enumerate(AGENCY_NAMES, start=1):
        agency, _ = Agency.objects.get_or_create(
            province=province,
            name=name,
            defaults={"short_name": name[:60], "kind": Agency.Kind.EXECUTIVE},
        )
        agencies[100 + k] = agency
    committee = Committee.objects.create(
        province=province, name=COMMITTEE_NAME, kind=Committee.Kind.OTHER, secretariat=office
    )
    committee.members.set(agencies.values())

    def user(username: str, role: str, agency: Agency) -> User:
        found = User.objects.filter(username=username).first()
        if found is None:
            found = User(
                username=username, role=role, agency=agency, email=f"{username}@example.ir"
            )
            found.password = _password_hash()
            found.save()
        return found

    secretary = user("peer-dabir", Role.SECRETARIAT, office)
    for uid, agency in agencies.items():
        liaisons[uid] = user(f"agency{uid - 100:02d}", Role.AGENCY_LIAISON, agency)
    return committee, agencies, liaisons, secretary


def generate(
    *, issues: int = ISSUES, journals: int = JOURNALS, day: dt.date | None = None, now=None
) -> dict:
    """Build the workload (smaller `issues`/`journals` for tests; the formula is the same,
    journals land on issues 1..`issues` by taking `r('jissue', j) % issues`)."""
    now = now or timezone.now().astimezone(dt.UTC)
    day = day or now.date()
    reference_data_load()
    province = Province.objects.get(code="qom")
    committee, agencies, liaisons, secretary = _frame(province)
    items = [issue(n, day, now) for n in range(1, issues + 1)]
    # One meeting per day of creation, numbered per Jalali year in date order.
    days = sorted({i.created.date() for i in items})
    meetings, numbers = {}, {}
    for date in days:
        year = jalali_year(date)
        numbers[year] = numbers.get(year, 0) + 1
        meetings[date] = Meeting(
            committee=committee,
            jalali_year=year,
            number=numbers[year],
            date=date,
            status=Meeting.Status.APPROVED,
            place="سالن جلسات",
            chair="دبیر کمیسیون",
            created_at=now,
        )
    counts = {"meetings": len(meetings), "resolutions": 0, "assignments": 0, "followups": 0}
    by_n: dict[int, Assignment] = {}
    with transaction.atomic():
        insert_rows(Meeting, list(meetings.values()))
        per_meeting: dict[dt.date, int] = {}
        for start in range(0, len(items), CHUNK):
            resolutions, assignments = [], []
            for item in items[start : start + CHUNK]:
                meeting = meetings[item.created.date()]
                number = per_meeting[meeting.date] = per_meeting.get(meeting.date, 0) + 1
                code = resolution_code(meeting, number)
                text = f"{item.subject}\n{item.description}"
                closed_on = item.closed.date() if item.closed else None
                assignment = Assignment(
                    agency=agencies[item.assignee],
                    role=Assignment.Role.LEAD,
                    deadline=item.due,
                    status=STATUS[item.status],
                    progress=item.done_ratio,
                    reported_done_on=closed_on,
                    closed_on=closed_on,
                    created_at=item.created,
                )
                resolution = Resolution(
                    meeting=meeting,
                    committee=committee,
                    meeting_date=meeting.date,
                    number=number,
                    code=code,
                    text=text,
                    type=Resolution.Type.DIRECTIVE,
                    search_text=search_key(f"{code} {text}"),
                    created_at=item.created,
                )
                resolution.status, resolution.progress, resolution.next_deadline = (
                    resolution_derived_state(
                        [(assignment.status, assignment.progress, assignment.deadline)]
                    )
                )
                assignment.resolution = resolution
                resolutions.append(resolution)
                assignments.append(assignment)
                by_n[item.n] = assignment
            insert_rows(Resolution, resolutions)
            insert_rows(Assignment, assignments)
            counts["resolutions"] += len(resolutions)
            counts["assignments"] += len(assignments)
        # Journals: ids in time order, as load.sql's row_number() OVER (ORDER BY created, j).
        indexed = {i.n: i for i in items}
        notes = sorted(
            (journal(j, indexed, now, issues) for j in range(1, journals + 1)),
            key=lambda x: (x.created, x.j),
        )
        for start in range(0, len(notes), CHUNK * 2):
            rows = []
            for note in notes[start : start + CHUNK * 2]:
                assignment = by_n[note.issue]
                rows.append(
                    FollowUp(
                        assignment=assignment,
                        author=secretary
                        if note.by_admin
                        else liaisons[indexed[note.issue].assignee],
                        text=note.notes,
                        progress=assignment.progress,
                        status=FollowUp.Status.ACCEPTED,
                        created_at=note.created,
                    )
                )
            insert_rows(FollowUp, rows)
            counts["followups"] += len(rows)
    return counts
