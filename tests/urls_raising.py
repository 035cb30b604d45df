"""The site's URLconf plus a page that fails, to test the error handlers it names."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from core import urls as site


def fail(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug in a view")


urlpatterns = [path("test-failure/", fail), *site.urlpatterns]
handler404 = site.handler404
handler500 = site.handler500
