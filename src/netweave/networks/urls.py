from django.urls import path

from netweave.networks import views

app_name = "networks"
urlpatterns = [
    path("networks/<slug:slug>/me/", views.member_home, name="me"),
    path("networks/<slug:slug>/people/", views.people, name="people"),
    path("networks/<slug:slug>/people/<int:person>/", views.person_card, name="person"),
    path("networks/<slug:slug>/organisations/", views.organisations, name="organisations"),
    path(
        "networks/<slug:slug>/organisations/<int:organisation>/",
        views.organisation_card,
        name="organisation",
    ),
]
