from django.urls import path, re_path

from hamahang.meetings.views import assignments, inbox, meetings, referrals, reliefs, resolutions

app_name = "meetings"

urlpatterns = [
    path("meetings/", meetings.meeting_list, name="meeting_list"),
    path("meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/attendance/", meetings.meeting_attendance, name="meeting_attendance"),
    path("meetings/<int:pk>/agenda/", meetings.meeting_agenda_add, name="meeting_agenda_add"),
    path("meetings/<int:pk>/carry-over/", meetings.meeting_carry_over, name="meeting_carry_over"),
    path(
        "meetings/<int:pk>/refer-cases/", meetings.meeting_refer_cases, name="meeting_refer_cases"
    ),
    path(
        "meetings/<int:pk>/cases-to-refer/",
        meetings.meeting_cases_to_refer,
        name="meeting_cases_to_refer",
    ),
    path("meetings/<int:pk>/status/", meetings.meeting_transition, name="meeting_transition"),
    path("meetings/<int:pk>/minutes.pdf", meetings.meeting_minutes_pdf, name="meeting_minutes_pdf"),
    path(
        "meetings/<int:pk>/resolutions/new/",
        resolutions.resolution_create,
        name="resolution_create",
    ),
    path("committees/<int:pk>/brief.pdf", meetings.committee_brief_pdf, name="committee_brief_pdf"),
    path("resolutions/", resolutions.resolution_list, name="resolution_list"),
    path("resolutions/<int:pk>/", resolutions.resolution_detail, name="resolution_detail"),
    path("resolutions/<int:pk>/edit/", resolutions.resolution_edit, name="resolution_edit"),
    path(
        "resolutions/<int:pk>/publish/", resolutions.resolution_publish, name="resolution_publish"
    ),
    path(
        "resolutions/<int:pk>/relief-expiry/",
        resolutions.resolution_relief_expiry,
        name="resolution_relief_expiry",
    ),
    path("assignments/", assignments.assignment_list, name="assignment_list"),
    path("assignments/<int:pk>/", assignments.assignment_detail, name="assignment_detail"),
    path(
        "assignments/<int:pk>/dossier.pdf",
        assignments.assignment_dossier_pdf,
        name="assignment_dossier_pdf",
    ),
    path("assignments/<int:pk>/report/", assignments.assignment_report, name="assignment_report"),
    path("assignments/<int:pk>/extend/", assignments.assignment_extend, name="assignment_extend"),
    path("assignments/<int:pk>/status/", assignments.assignment_status, name="assignment_status"),
    path(
        "assignments/<int:pk>/objection/", assignments.assignment_object, name="assignment_object"
    ),
    path("objections/<int:pk>/decision/", assignments.objection_decide, name="objection_decide"),
    path(
        "objections/<int:pk>/attachment/",
        assignments.objection_attachment,
        name="objection_attachment",
    ),
    re_path(
        r"^followups/(?P<pk>[0-9]+)/(?P<decision>accept|return)/$",
        assignments.followup_review,
        name="followup_review",
    ),
    path(
        "followups/<int:pk>/attachment/",
        assignments.followup_attachment,
        name="followup_attachment",
    ),
    path("inbox/", inbox.inbox, name="inbox"),
    re_path(r"^inbox/export\.(?P<fmt>csv|xlsx)$", inbox.inbox_export, name="inbox_export"),
    path("reliefs/", reliefs.relief_ledger_view, name="relief_ledger"),
    path("referrals/", referrals.referral_queue, name="referral_queue"),
    path("referrals/new/", referrals.referral_send, name="referral_send"),
    path("referrals/<int:pk>/", referrals.referral_detail, name="referral_detail"),
    re_path(
        r"^referrals/(?P<pk>[0-9]+)/(?P<step>receive|decide|resend|withdraw)/$",
        referrals.referral_step,
        name="referral_step",
    ),
    path("a/<int:pk>/", assignments.assignment_short, name="assignment_short"),
]
