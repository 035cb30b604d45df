from django.urls import path

from archive import views

app_name = "archive"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/", views.article_list, name="article-list"),
    path("articles/export.csv", views.article_export, name="article-export"),
    path("articles/export.manifest.json", views.article_export_manifest, name="article-export-manifest"),
    path("articles/<int:pk>/", views.article_detail, name="article-detail"),
    path("officials/", views.official_list, name="official-list"),
    path("officials/<int:pk>/", views.official_detail, name="official-detail"),
    path("statements/", views.statement_list, name="statement-list"),
    path("events/<int:pk>/", views.event_detail, name="event-detail"),
]
