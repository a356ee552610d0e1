"""The open-data ZIPs: CSV (UTF-8, a header row) and JSON of the published records, and a
Frictionless datapackage.json that lists every file and validates."""

import csv
import io
import json
import zipfile

import pytest
from django.urls import reverse
from frictionless import Package

from hamahang.public.tests.conftest import SECRET

pytestmark = pytest.mark.django_db


def _zip(client, url) -> zipfile.ZipFile:
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert "attachment;" in response["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(response.content))


@pytest.mark.parametrize("url", ["/public/qom/open-data.zip", "/public/open-data.zip"])
def test_the_datapackage_lists_every_file_and_validates(client, published, tmp_path, url):
    archive = _zip(client, url)
    archive.extractall(tmp_path)
    descriptor = json.loads(archive.read("datapackage.json"))
    listed = {resource["path"] for resource in descriptor["resources"]}
    assert listed == set(archive.namelist()) - {"datapackage.json"}
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert descriptor["sources"] and descriptor["created"]
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["resource", "rowNumber", "fieldName", "type", "note"])


def test_the_files_hold_the_published_records_only(client, published):
    archive = _zip(client, reverse("public:open_data", args=["qom"]))
    rows = list(csv.DictReader(io.StringIO(archive.read("resolutions.csv").decode("utf-8"))))
    assert [row["text"] for row in rows] == ["تأمین برق شهرک صنعتی"]
    assert rows[0]["code"] == published["first"].code
    header = archive.read("assignments.csv").decode("utf-8").splitlines()[0]
    assert header == "resolution_id,agency,role,deadline,status,progress"
    investments = json.loads(archive.read("investments.json"))
    assert {row["currency"] for row in investments} == {"IRR", "USD"}
    assert {row["amount"] for row in investments} == {"9355000000000", "1200000"}
    everything = b"".join(archive.read(name) for name in archive.namelist()).decode("utf-8")
    assert SECRET not in everything and "امهال بدهی" not in everything
    assert "آقای محمدی" not in everything  # a project's executor is a person


def test_a_broken_file_fails_the_validation(client, published, tmp_path):
    """The validation can fail: a row whose number is not a number is reported."""
    archive = _zip(client, "/public/qom/open-data.zip")
    archive.extractall(tmp_path)
    path = tmp_path / "resolutions.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = "x" + lines[1]  # the id column is no longer an integer
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert not Package(str(tmp_path / "datapackage.json")).validate().valid
