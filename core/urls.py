from django.contrib import admin
from django.urls import include, path

from core.health import healthz

admin.site.site_header = "آرشیو اخبار دفاعی منطقه"
admin.site.site_title = "ویرایش آرشیو"
admin.site.index_title = "میز کار ویراستاران"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("archive.api.urls", namespace="api")),
    path("alerts/", include("archive.alerts.urls")),
    path("", include("archive.urls")),
]

handler404 = "archive.views.not_found"
# A database fault outside a view is still a 503 page; any other error is archive.views.server_error.
handler500 = "core.middleware.faults.server_error"
