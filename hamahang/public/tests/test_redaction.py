"""Redaction by construction, on the demo: every public page reachable from /public/ (every
link followed), both Atom feeds and every file of both open-data ZIPs hold no e-mail address,
no Iranian mobile number (Latin or Persian digits), no national code of a person, no username
and no text of a confidential resolution. One demo load for the module (`demo_db`)."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
import zipfile
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client

from hamahang.accounts.models import User
from hamahang.meetings.models import Resolution
from hamahang.public.models import PublishedStatement
from hamahang.units.models import ProductionUnit

pytestmark = pytest.mark.django_db

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
MOBILE = re.compile(r"(?:09|۰۹)[0-9۰-۹]{9}")
PERSIAN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.found.append(href)


def _texts_of_zip(body: bytes) -> dict[str, str]:
    """Every file of a ZIP as text; CSV cells and JSON strings unquoted."""
    archive = zipfile.ZipFile(io.BytesIO(body))
    found = {}
    for name in archive.namelist():
        raw = archive.read(name).decode("utf-8")
        if name.endswith(".csv"):
            found[name] = "\n".join(" | ".join(row) for row in csv.reader(io.StringIO(raw)))
        else:
            found[name] = raw + "\n" + json.dumps(json.loads(raw), ensure_ascii=False)
            found[name] += "\n" + "\n".join(_strings(json.loads(raw)))
    return found


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@pytest.fixture(scope="module")
def walked(demo_db, django_db_blocker, settings_module, demo_people) -> dict[str, str]:
    """URL → text of everything public: the pages found by following every link from
    /public/ (and both feeds and both ZIPs, which the pages link)."""
    client = Client()
    found: dict[str, str] = {}
    queue, seen = ["/public/"], {"/public/"}
    with django_db_blocker.unblock():
        while queue:
            url = queue.pop()
            response = client.get(url)
            assert response.status_code == 200, url
            if response["Content-Type"] == "application/zip":
                for name, text in _texts_of_zip(response.content).items():
                    found[f"{url}#{name}"] = text
                continue
            body = response.content.decode("utf-8")
            found[url] = html.unescape(body)
            if not response["Content-Type"].startswith("text/html"):
                continue
            parser = Links()
            parser.feed(body)
            for href in parser.found:
                target = urljoin(url, html.unescape(href))
                parts = urlsplit(target)
                if parts.netloc or not parts.path.startswith("/public/"):
                    continue
                if target not in seen:
                    seen.add(target)
                    queue.append(target)
    return found


@pytest.fixture(scope="module")
def settings_module():
    """No rate limit while the walk reads hundreds of pages from one address."""
    from django.test import override_settings

    with override_settings(PUBLIC_RATE_LIMIT=""):
        yield


@pytest.fixture(scope="module")
def demo_people(demo_db, django_db_blocker) -> dict:
    """What must not be shown, from the demo; before the walk, the demo gets a person's own
    workshop (a national code and a mobile number) that a published resolution names, and the
    secretary a mobile number, so the walk has them to miss."""
    with django_db_blocker.unblock():
        _a_person_in_the_demo()
        texts = Resolution.objects.filter(is_published=True).values_list("text", flat=True)
        published = list(texts)
        confidential = list(Resolution.objects.filter(is_confidential=True).values("pk", "text"))
        return {
            "usernames": list(User.objects.values_list("username", flat=True)),
            "national_codes": [
                code
                for code in ProductionUnit.objects.values_list("national_code", flat=True)
                if code
            ],
            "phones": [p for p in User.objects.values_list("phone", flat=True) if p],
            "confidential": confidential,
            # A catalogue sentence used for a confidential and a published resolution alike
            # is the published one's text: only the confidential-only texts can be searched.
            "confidential_texts": {r["text"] for r in confidential} - set(published),
            "published": len(published),
            "statements": PublishedStatement.objects.count(),
        }


def _a_person_in_the_demo() -> None:
    from hamahang.core.identifiers import complete_national_code
    from hamahang.meetings import services
    from hamahang.meetings.models import Meeting
    from hamahang.organizations.models import County
    from hamahang.units.services import unit_register

    dabir = User.objects.get(username="dabir")
    User.objects.filter(pk=dabir.pk).update(phone="09123334444")
    unit = unit_register(
        acting_user=dabir,
        registered_on=dt.date(2020, 5, 1),
        name="کارگاه قالی‌بافی رحیمی",
        kind=ProductionUnit.Kind.WORKSHOP,
        national_code=complete_national_code("012345678"),
        county=County.objects.filter(province__code="qom").first(),
        phone="09127778888",
        activity="قالی‌بافی",
    )
    meeting = (
        Meeting.objects.filter(committee__province__code="qom", status=Meeting.Status.HELD)
        .order_by("-date")
        .first()
    )
    resolution = services.resolution_create(
        meeting=meeting, text=f"بیمه کارکنان {unit.name} یک سال امهال شود.", acting_user=dabir
    )
    services.resolution_publish(resolution=resolution, acting_user=dabir)


def test_the_walk_reaches_every_kind_of_public_page(walked, demo_people):
    urls = " ".join(walked)
    for part in ("/resolutions/", "/committees/", "/agencies/", "/projects/", "/units/"):
        assert part in urls
    assert "feed.atom" in urls and "open-data.zip#datapackage.json" in urls
    assert "/public/open-data.zip#resolutions.csv" in urls
    details = [u for u in walked if re.search(r"/resolutions/\d+/$", u)]
    assert len(details) == demo_people["published"] > 100
    assert demo_people["statements"] == 1
    assert any("بیانیه مطبوعاتی" in text for text in walked.values())
    # The person's workshop is named by a published resolution: the walk read that page.
    assert any("کارگاه قالی‌بافی رحیمی" in text for text in walked.values())
    assert demo_people["national_codes"] and demo_people["phones"]


def test_the_demo_has_confidential_resolutions_and_none_is_published(demo_people):
    assert demo_people["confidential"] and demo_people["confidential_texts"]
    assert not Resolution.objects.filter(is_confidential=True, is_published=True).exists()


def test_no_email_mobile_national_code_username_or_confidential_text(walked, demo_people):
    usernames = [
        re.compile(rf"(?<![A-Za-z0-9_.-]){re.escape(name)}(?![A-Za-z0-9_-])")
        for name in demo_people["usernames"]
    ]
    leaks = []
    for url, text in walked.items():
        latin = text.translate(PERSIAN_DIGITS)
        if EMAIL.search(text):
            leaks.append(f"{url}: e-mail {EMAIL.search(text).group()}")
        if MOBILE.search(text):
            leaks.append(f"{url}: mobile {MOBILE.search(text).group()}")
        leaks += [f"{url}: national code" for c in demo_people["national_codes"] if c in latin]
        leaks += [f"{url}: phone" for p in demo_people["phones"] if p in latin]
        leaks += [f"{url}: username {p.pattern}" for p in usernames if p.search(text)]
        leaks += [
            f"{url}: confidential text"
            for secret in demo_people["confidential_texts"]
            if secret in text
        ]
    assert leaks == []


def test_the_searches_can_fail():
    """Each pattern finds what it looks for."""
    assert EMAIL.search("نشانی dabir@example.ir است")
    assert MOBILE.search("تلفن ۰۹۱۲۳۴۵۶۷۸۹") and MOBILE.search("tel 09123456789")
