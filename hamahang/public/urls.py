from django.urls import path

from hamahang.public import feeds, views

app_name = "public"

urlpatterns = [
    path("reports/statement/publish/", views.statement_publish, name="statement_publish"),
    path("public/", views.country, name="country"),
    path("public/feed.atom", feeds.feed, name="country_feed"),
    path("public/open-data.zip", views.open_data, name="country_open_data"),
    path("public/<slug:province>/", views.province_home, name="province"),
    path("public/<slug:province>/resolutions/", views.resolution_list, name="resolution_list"),
    path(
        "public/<slug:province>/resolutions/<int:pk>/",
        views.resolution_detail,
        name="resolution_detail",
    ),
    path("public/<slug:province>/committees/", views.committees, name="committees"),
    path("public/<slug:province>/agencies/", views.agencies, name="agencies"),
    path("public/<slug:province>/projects/", views.project_list, name="projects"),
    path("public/<slug:province>/units/", views.units, name="units"),
    path("public/<slug:province>/feed.atom", feeds.feed, name="feed"),
    path("public/<slug:province>/open-data.zip", views.open_data, name="open_data"),
]
