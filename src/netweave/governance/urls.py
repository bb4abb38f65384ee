from django.urls import path

from netweave.governance import views

app_name = "governance"
urlpatterns = [
    path("networks/<slug:slug>/charter/", views.charter, name="charter"),
    path("networks/<slug:slug>/charter/edit/", views.charter_edit, name="charter_edit"),
    path("networks/<slug:slug>/settings/", views.network_settings, name="settings"),
]
