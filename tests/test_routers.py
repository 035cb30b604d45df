"""Read replicas: readers' requests read from a replica, editors and commands from the primary."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from archive.models import Article
from core import routers


@pytest.fixture
def replicated(monkeypatch):
    """As if DATABASE_REPLICA_URLS named one standby (settings add it as `replica0`)."""
    monkeypatch.setattr(routers, "replicas", lambda: ["replica0"])


def routed_during(request) -> str:
    seen = {}

    def view(request):
        seen["db"] = routers.ReplicaRouter().db_for_read(Article)
        seen["replica"] = routers.reads_from_replica()
        return None

    routers.ReplicaReadsMiddleware(view)(request)
    return seen


@pytest.fixture
def factory():
    return RequestFactory()


def test_without_replicas_everything_reads_from_the_primary(factory):
    assert routed_during(factory.get("/articles/")) == {"db": "default", "replica": False}


def test_a_readers_page_reads_from_a_replica(factory, replicated):
    assert routed_during(factory.get("/articles/?q=پهپاد")) == {"db": "replica0", "replica": True}


@pytest.mark.parametrize(
    "make",
    [
        lambda f: f.get("/admin/archive/article/"),
        lambda f: f.post("/articles/"),
        lambda f: f.get("/articles/", HTTP_COOKIE="sessionid=abc"),
    ],
    ids=["admin", "a write", "an editor's session"],
)
def test_editors_read_from_the_primary(factory, make, replicated):
    assert routed_during(make(factory)) == {"db": "default", "replica": False}


def test_outside_a_request_commands_and_imports_read_from_the_primary(replicated):
    router = routers.ReplicaRouter()
    assert router.db_for_read(Article) == "default"
    assert router.db_for_write(Article) == "default"
    assert router.allow_migrate("default", "archive") and not router.allow_migrate("replica0", "archive")
