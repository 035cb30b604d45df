from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "آرشیو اخبار دفاعی منطقه"
admin.site.site_title = "ویرایش آرشیو"
admin.site.index_title = "میز کار ویراستاران"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("archive.urls")),
]

handler404 = "archive.views.not_found"
handler500 = "archive.views.server_error"
