"""/healthz: the database's reachability, for load balancers, systemd and monitoring."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_it_answers_ok_with_the_database_reachable(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["databases"]["default"]["status"] == "ok"
    assert body["databases"]["default"]["vendor"] == connection.vendor


def test_it_is_never_cached(client):
    assert "no-store" in client.get("/healthz")["Cache-Control"]


def test_it_answers_503_when_the_database_fails(client, monkeypatch):
    from django.db import OperationalError

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["databases"]["default"] == {"status": "unavailable", "error": "OperationalError"}


def test_it_refuses_anything_but_get_and_head(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405
