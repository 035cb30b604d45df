from django.urls import path

from archive import views

app_name = "archive"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/", views.article_list, name="article-list"),
    path("articles/<int:pk>/", views.article_detail, name="article-detail"),
    path("officials/", views.official_list, name="official-list"),
    path("officials/<int:pk>/", views.official_detail, name="official-detail"),
    path("statements/", views.statement_list, name="statement-list"),
    path("events/", views.event_list, name="event-list"),
    path("events/<int:pk>/", views.event_detail, name="event-detail"),
    path("help/search/", views.search_help, name="search-help"),
]

# Every list's CSV and manifest take exactly the list page's query string.
for name in views.LISTS:
    urlpatterns += [
        path(f"{name}/export.csv", views.export_csv, {"name": name}, name=f"{name}-export"),
        path(
            f"{name}/export.manifest.json",
            views.export_manifest,
            {"name": name},
            name=f"{name}-export-manifest",
        ),
    ]
