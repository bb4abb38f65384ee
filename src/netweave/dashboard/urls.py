from django.urls import path

from netweave.dashboard import views

app_name = "dashboard"
urlpatterns = [
    # The dashboard itself is the network's home page (web:network), for stewards.
    path(
        "networks/<slug:slug>/dashboard/figures/",
        views.dashboard_figures,
        name="figures",
    ),
]
