from django.urls import path

from netweave.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("networks/<slug:slug>/", views.network_detail, name="network"),
]
