from django.urls import path

from netweave.introductions import views

app_name = "introductions"
urlpatterns = [
    path("networks/<slug:slug>/introductions/", views.mine, name="mine"),
    path("networks/<slug:slug>/introductions/steward/", views.steward_page, name="steward"),
    path("networks/<slug:slug>/introductions/send/", views.send, name="send"),
    path(
        "networks/<slug:slug>/introductions/preferences/",
        views.preferences,
        name="preferences",
    ),
    path(
        "networks/<slug:slug>/introductions/<int:introduction>/answer/",
        views.answer,
        name="answer",
    ),
    path("networks/<slug:slug>/introductions/<int:introduction>/met/", views.met, name="met"),
    path(
        "networks/<slug:slug>/introductions/<int:introduction>/outcome/",
        views.outcome,
        name="outcome",
    ),
    path("introductions/link/<str:token>/", views.link, name="link"),
]
