from django.contrib.auth import views as auth_views
from django.urls import path

from netweave.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("networks/<slug:slug>/", views.network_detail, name="network"),
]
