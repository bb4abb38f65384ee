from django.urls import path

from netweave.ledger import views

app_name = "ledger"
urlpatterns = [
    path("networks/<slug:slug>/log/", views.quick_log, name="log"),
    path(
        "networks/<slug:slug>/log/<int:interaction>/undo/",
        views.quick_log_undo,
        name="log_undo",
    ),
    path("networks/<slug:slug>/people/search/", views.people_search, name="people_search"),
    path("networks/<slug:slug>/asks/", views.listing_board, name="board"),
    path("networks/<slug:slug>/asks/new/", views.listing_new, name="listing_new"),
    path("networks/<slug:slug>/asks/<int:listing>/edit/", views.ask_edit, name="ask_edit"),
    path("networks/<slug:slug>/asks/<int:listing>/close/", views.ask_close, name="ask_close"),
    path("networks/<slug:slug>/offers/<int:listing>/edit/", views.offer_edit, name="offer_edit"),
    path("networks/<slug:slug>/offers/<int:listing>/close/", views.offer_close, name="offer_close"),
]
