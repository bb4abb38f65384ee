"""netweave's URLs and one more whose view meets a database that does not answer."""

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.urls import path

from netweave.urls import urlpatterns as netweave_urls


def locked(request: HttpRequest) -> HttpResponse:
    raise OperationalError("database is locked")


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


urlpatterns = [path("locked/", locked), path("broken/", broken), *netweave_urls]
