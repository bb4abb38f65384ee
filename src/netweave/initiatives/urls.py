from django.urls import path

from netweave.initiatives import views

app_name = "initiatives"
urlpatterns = [
    path("networks/<slug:slug>/initiatives/", views.initiative_board, name="board"),
    path("networks/<slug:slug>/initiatives/new/", views.initiative_create, name="create"),
    path(
        "networks/<slug:slug>/initiatives/<int:initiative>/move/",
        views.initiative_move,
        name="move",
    ),
]
