"""The site's URLconf plus pages that run a really slow query (a recursive CTE), to test the time limit."""

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import path

from core import urls as site

# Counting to N with a recursive CTE: about 0.3 s per million on SQLite, 0.7 s on PostgreSQL.
SLOW_COUNT = (
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < %s) SELECT count(*) FROM c"
)


def count_to(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute(SLOW_COUNT, [int(request.GET.get("n", "1000"))])
        return HttpResponse(str(cursor.fetchone()[0]))


urlpatterns = [
    path("test-slow/", count_to),
    path("admin/test-slow/", count_to),
    *site.urlpatterns,
]
handler404 = site.handler404
handler500 = site.handler500
