from django.urls import path

from netweave.interop import views

app_name = "interop"
urlpatterns = [
    path("networks/<slug:slug>/import/", views.import_upload, name="import"),
    path("networks/<slug:slug>/import/confirm/", views.import_confirm, name="import-confirm"),
    path("networks/<slug:slug>/export/", views.export_page, name="export"),
    path("networks/<slug:slug>/my-data/", views.my_data, name="my-data"),
    path("networks/<slug:slug>/people/<int:person>/data/", views.person_data, name="person-data"),
    path(
        "networks/<slug:slug>/people/<int:person>/erase/", views.person_erase, name="person-erase"
    ),
]
