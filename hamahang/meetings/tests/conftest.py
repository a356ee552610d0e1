import datetime as dt
import os
import shutil
import subprocess

import pytest

from hamahang.accounts.models import Role
from hamahang.accounts.tests.factories import UserFactory
from hamahang.core.text import search_key
from hamahang.organizations.tests.factories import AgencyFactory, CommitteeFactory

TODAY = dt.date(2026, 11, 27)


@pytest.fixture
def committee(province, office):
    committee = CommitteeFactory(
        province=province, secretariat=office, name="ستاد تسهیل و رفع موانع تولید استان قم"
    )
    return committee


@pytest.fixture
def agency_a(province):
    return AgencyFactory(province=province, name="سازمان صنعت، معدن و تجارت", short_name="صمت")


@pytest.fixture
def agency_b(province):
    return AgencyFactory(province=province, name="اداره کل امور مالیاتی", short_name="مالیات")


@pytest.fixture
def liaison_a(agency_a):
    return UserFactory(agency=agency_a, role=Role.AGENCY_LIAISON, email="a@example.ir")


@pytest.fixture
def liaison_b(agency_b):
    return UserFactory(agency=agency_b, role=Role.AGENCY_LIAISON, email="b@example.ir")


def pdf_key(text: str) -> str:
    """A comparison key for PDF text: the search key, with the lam-alef ligature folded
    (pdftotext gives a ligature's two letters in reverse order: تسهیلات → تسهیالت)."""
    return search_key(text).replace("لا", "ال")


def pdf_text_key(pdf: bytes) -> str:
    """The comparison key of a PDF's text (pdftotext keeps Persian words in order)."""
    if not shutil.which("pdftotext"):
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail("CI=true but pdftotext (poppler-utils) is missing")
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return pdf_key(text)
