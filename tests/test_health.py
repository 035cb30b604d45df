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


# -- who sees the details ------------------------------------------------------


def test_a_visitor_from_outside_learns_only_whether_it_is_up(client):
    response = client.get("/healthz", REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_a_request_passed_on_by_the_proxy_is_from_outside(client):
    # nginx connects from the loopback, and says whom for.
    response = client.get("/healthz", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.7")
    assert response.json() == {"status": "ok"}


def test_a_probe_on_the_loopback_sees_the_details(client):
    body = client.get("/healthz", REMOTE_ADDR="::1").json()
    assert body["version"] and body["databases"]["default"]["vendor"] == connection.vendor


def test_a_probe_with_the_token_sees_the_details(client, settings):
    settings.HEALTHZ_TOKEN = "a-monitoring-token"
    body = client.get("/healthz", REMOTE_ADDR="203.0.113.7", HTTP_X_HEALTHZ_TOKEN="a-monitoring-token").json()
    assert "ms" in body["databases"]["default"]


@pytest.mark.parametrize("sent", ["", "wrong", "a-monitoring-token-and-more"])
def test_a_wrong_token_sees_nothing_more(client, settings, sent):
    settings.HEALTHZ_TOKEN = "a-monitoring-token"
    response = client.get("/healthz", REMOTE_ADDR="203.0.113.7", HTTP_X_HEALTHZ_TOKEN=sent)
    assert response.json() == {"status": "ok"}


def test_no_token_is_set_by_default(client, settings):
    assert settings.HEALTHZ_TOKEN == ""
    response = client.get("/healthz", REMOTE_ADDR="203.0.113.7", HTTP_X_HEALTHZ_TOKEN="")
    assert response.json() == {"status": "ok"}


def test_an_outside_visitor_still_sees_a_503(client, monkeypatch):
    from django.db import OperationalError

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/healthz", REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 503 and response.json() == {"status": "unavailable"}
