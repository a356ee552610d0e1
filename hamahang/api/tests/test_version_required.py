"""The lost-update check is mandatory: an edit without `version` is refused with a Persian
message (a form error on the screens, 422 in the API) and changes nothing."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError

from hamahang.core.errors import current_version
from hamahang.meetings import services
from hamahang.meetings.tests.factories import held_meeting
from hamahang.organizations.models import Agency, Committee

pytestmark = pytest.mark.django_db

MESSAGE = "نسخه مصوبه همراه درخواست نیامده است"


@pytest.fixture
def resolution(people):
    meeting = held_meeting(
        Committee.objects.get(kind="facilitation"), dt.date(2026, 10, 1), people["dabir"]
    )
    return services.resolution_create(
        meeting=meeting,
        text="متن نخست",
        assignments=[
            services.AssignmentSpec(Agency.objects.get(short_name="صمت"), dt.date(2026, 12, 1))
        ],
        acting_user=people["dabir"],
    )


def test_the_service_refuses_an_edit_without_version(resolution, people):
    with pytest.raises(ValidationError) as refused:
        services.resolution_update(
            resolution=resolution,
            version=None,
            acting_user=people["dabir"],
            text="بی‌نسخه",
            type=resolution.type,
            is_confidential=False,
            project=None,
        )
    assert refused.value.code == "version_required"
    assert MESSAGE in refused.value.messages[0]
    resolution.refresh_from_db()
    assert resolution.text == "متن نخست"
    # An internal caller says explicitly that it edits the current copy.
    services.resolution_update(
        resolution=resolution,
        version=current_version(resolution),
        acting_user=people["dabir"],
        text="تازه",
        type=resolution.type,
        is_confidential=False,
        project=None,
    )
    resolution.refresh_from_db()
    assert resolution.text == "تازه"


@pytest.mark.parametrize(
    ("url", "payload"),
    [
        ("/api/v1/resolutions/{resolution}", {"text": "بی‌نسخه"}),
        ("/api/v1/assignments/{assignment}", {"status": "in_progress"}),
    ],
)
def test_an_api_patch_without_version_is_422(client, bearer, resolution, url, payload):
    assignment = resolution.assignments.get()
    response = client.patch(
        url.format(resolution=resolution.pk, assignment=assignment.pk),
        data=json.dumps(payload),
        content_type="application/json",
        **bearer("dabir"),
    )
    assert response.status_code == 422
    assert response.json()["fields"] == {"payload.version": ["این مقدار لازم است."]}
    resolution.refresh_from_db()
    assignment.refresh_from_db()
    assert resolution.text == "متن نخست" and assignment.status == "issued"


def test_a_screen_edit_without_version_is_a_form_error(client, people, resolution):
    client.force_login(people["dabir"])
    response = client.post(
        f"/resolutions/{resolution.pk}/edit/",
        {"text": "بی‌نسخه", "type": resolution.type},
    )
    assert response.status_code in (200, 422)  # the form again, with the error
    assert MESSAGE in response.content.decode()
    resolution.refresh_from_db()
    assert resolution.text == "متن نخست"


def test_a_screen_status_change_without_version_is_refused(client, people, resolution):
    assignment = resolution.assignments.get()
    client.force_login(people["dabir"])
    response = client.post(
        f"/assignments/{assignment.pk}/status/", {"status": "in_progress", "reason": ""}
    )
    assert response.status_code == 422
    assert "نسخه تکلیف همراه درخواست نیامده است" in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.status == "issued"
