from django.urls import path

from netweave.routines import views

app_name = "routines"
urlpatterns = [
    path("networks/<slug:slug>/routines/", views.routine_list, name="list"),
    path("networks/<slug:slug>/routines/new/", views.routine_create, name="create"),
    path("networks/<slug:slug>/routines/<int:routine>/", views.routine_detail, name="detail"),
    path("networks/<slug:slug>/routines/<int:routine>/edit/", views.routine_edit, name="edit"),
    path("networks/<slug:slug>/routines/<int:routine>/pause/", views.routine_pause, name="pause"),
    path(
        "networks/<slug:slug>/routines/<int:routine>/take-part/",
        views.routine_take_part,
        name="take_part",
    ),
    path(
        "networks/<slug:slug>/routines/<int:routine>/snooze/",
        views.routine_snooze,
        name="snooze",
    ),
    path(
        "networks/<slug:slug>/routines/<int:routine>/do-not-pair/",
        views.routine_do_not_pair,
        name="do_not_pair",
    ),
    path(
        "networks/<slug:slug>/routines/occurrences/<int:occurrence>/move/",
        views.occurrence_move,
        name="move",
    ),
    path(
        "networks/<slug:slug>/routines/occurrences/<int:occurrence>/drop/",
        views.occurrence_drop,
        name="drop",
    ),
    path("networks/<slug:slug>/calendar/rotate/", views.calendar_rotate, name="calendar_rotate"),
    path("routines/answer/<str:token>/", views.answer, name="answer"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="feed"),
]
