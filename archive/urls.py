from django.urls import path

from archive import feeds, views

app_name = "archive"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/", views.article_list, name="article-list"),
    path("articles/<int:pk>/", views.article_detail, name="article-detail"),
    # The matches-over-time series of an article search, and the articles' full text.
    path("articles/chart.csv", views.chart_csv, name="articles-chart"),
    path("articles/chart.manifest.json", views.chart_manifest, name="articles-chart-manifest"),
    path("articles/export.jsonl", views.export_jsonl, name="articles-export-jsonl"),
    path(
        "articles/export.jsonl.manifest.json",
        views.export_manifest,
        {"name": "articles", "export_format": "jsonl"},
        name="articles-export-jsonl-manifest",
    ),
    path("officials/", views.official_list, name="official-list"),
    path("officials/<int:pk>/", views.official_detail, name="official-detail"),
    path("statements/", views.statement_list, name="statement-list"),
    path("articles/feed/", feeds.article_feed, name="articles-feed"),
    path("statements/feed/", feeds.statement_feed, name="statements-feed"),
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
