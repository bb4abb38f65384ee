from django.urls import path

from netweave.maps import views

app_name = "maps"
urlpatterns = [
    path("networks/<slug:slug>/map/", views.map_page, name="page"),
    path("networks/<slug:slug>/map/data.json", views.map_data, name="data"),
    path("networks/<slug:slug>/map/people/<int:person>.json", views.map_person, name="person"),
]
