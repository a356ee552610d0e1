from django.urls import path, re_path

from hamahang.invitations import views

app_name = "invitations"

urlpatterns = [
    path("meetings/<int:pk>/invitations/", views.meeting_invitations, name="meeting"),
    path("meetings/<int:pk>/invitations/send/", views.meeting_invitations_send, name="send"),
    path("meetings/<int:pk>/calendar.ics", views.meeting_calendar, name="meeting_ics"),
    path("meeting-series/", views.series_list, name="series_list"),
    # The signed link: the invitation's id and its signature (django.core.signing).
    re_path(r"^r/(?P<token>[^/]{1,200})/$", views.rsvp, name="rsvp"),
    re_path(
        r"^r/(?P<token>[^/]{1,200})/calendar\.ics$",
        views.rsvp_calendar,
        name="rsvp_ics",
    ),
    re_path(r"^r/(?P<token>[^/]{1,200})/brief\.pdf$", views.rsvp_brief, name="rsvp_brief"),
]
