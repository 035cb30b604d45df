"""/api/v1/: the four lists and their records, the API's root, its OpenAPI schema and its docs."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from archive.api import schema, views  # noqa: F401  (schema registers its extension with drf-spectacular)
from archive.api.docs import DocsView

app_name = "api"

router = DefaultRouter()
router.include_format_suffixes = False  # JSON only: no `articles.json`
router.register("articles", views.ArticleViewSet, basename="article")
router.register("officials", views.OfficialViewSet, basename="official")
router.register("statements", views.StatementViewSet, basename="statement")
router.register("events", views.EventViewSet, basename="event")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(), name="docs"),
    *router.urls,
]
