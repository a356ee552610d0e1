from django.urls import path, re_path

from hamahang.meetings import views

app_name = "meetings"

urlpatterns = [
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/attendance/", views.meeting_attendance, name="meeting_attendance"),
    path("meetings/<int:pk>/agenda/", views.meeting_agenda_add, name="meeting_agenda_add"),
    path("meetings/<int:pk>/carry-over/", views.meeting_carry_over, name="meeting_carry_over"),
    path("meetings/<int:pk>/refer-cases/", views.meeting_refer_cases, name="meeting_refer_cases"),
    path(
        "meetings/<int:pk>/cases-to-refer/",
        views.meeting_cases_to_refer,
        name="meeting_cases_to_refer",
    ),
    path("meetings/<int:pk>/status/", views.meeting_transition, name="meeting_transition"),
    path("meetings/<int:pk>/minutes.pdf", views.meeting_minutes_pdf, name="meeting_minutes_pdf"),
    path("meetings/<int:pk>/resolutions/new/", views.resolution_create, name="resolution_create"),
    path("committees/<int:pk>/brief.pdf", views.committee_brief_pdf, name="committee_brief_pdf"),
    path("resolutions/", views.resolution_list, name="resolution_list"),
    path("resolutions/<int:pk>/", views.resolution_detail, name="resolution_detail"),
    path("resolutions/<int:pk>/edit/", views.resolution_edit, name="resolution_edit"),
    path("assignments/", views.assignment_list, name="assignment_list"),
    path("assignments/<int:pk>/", views.assignment_detail, name="assignment_detail"),
    path("assignments/<int:pk>/report/", views.assignment_report, name="assignment_report"),
    path("assignments/<int:pk>/extend/", views.assignment_extend, name="assignment_extend"),
    path("assignments/<int:pk>/status/", views.assignment_status, name="assignment_status"),
    re_path(
        r"^followups/(?P<pk>[0-9]+)/(?P<decision>accept|return)/$",
        views.followup_review,
        name="followup_review",
    ),
    path("followups/<int:pk>/attachment/", views.followup_attachment, name="followup_attachment"),
    path("inbox/", views.inbox, name="inbox"),
]
