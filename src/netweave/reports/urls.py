from django.urls import path

from netweave.reports import views

app_name = "reports"
urlpatterns = [
    path("networks/<slug:slug>/reports/", views.report_index, name="index"),
    path("networks/<slug:slug>/reports/generate/", views.report_request, name="generate"),
    path("networks/<slug:slug>/reports/runs/", views.report_runs, name="runs"),
    path("networks/<slug:slug>/reports/<int:run>/retry/", views.report_retry, name="retry"),
    path(
        "networks/<slug:slug>/reports/<int:run>/download/",
        views.report_download,
        name="download",
    ),
]
