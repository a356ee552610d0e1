from django.urls import path

from hamahang.office import views

app_name = "office"

urlpatterns = [
    path("office/", views.office_home, name="home"),
    path("office/agencies/new/", views.agency_edit, name="agency_create"),
    path("office/agencies/lookup/", views.agency_lookup, name="agency_lookup"),
    path("office/agencies/<int:pk>/", views.agency_edit, name="agency_edit"),
    path("office/deputy/", views.deputy_edit, name="deputy_edit"),
    path("office/committees/new/", views.committee_edit, name="committee_create"),
    path("office/committees/<int:pk>/", views.committee_edit, name="committee_edit"),
    path("office/users/new/", views.user_edit, name="user_create"),
    path("office/users/<int:pk>/", views.user_edit, name="user_edit"),
    path("office/closures/", views.closure_list, name="closure_list"),
    path("office/closures/<int:pk>/remove/", views.closure_remove, name="closure_remove"),
]
