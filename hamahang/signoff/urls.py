from django.urls import path, re_path

from hamahang.signoff import views

app_name = "signoff"

urlpatterns = [
    path("meetings/<int:pk>/signoff/", views.meeting_signoff, name="meeting"),
    path("meetings/<int:pk>/signoff/send/", views.meeting_signoff_start, name="start"),
    path("signoff/", views.signoff_list, name="list"),
    path("signoff/<int:pk>/", views.round_detail, name="round"),
    path("signoff/<int:pk>/draft.pdf", views.round_draft, name="draft"),
    path("signoff/<int:pk>/code/", views.round_code, name="code"),
    path("signoff/<int:pk>/respond/", views.round_respond, name="respond"),
    path("signoff/signed/<int:pk>/minutes.pdf", views.signed_pdf, name="signed_pdf"),
    re_path(r"^v/(?P<code>[0-9a-z]{4,16})/$", views.verify, name="verify"),
]
