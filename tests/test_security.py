"""Security: production settings pass `check --deploy`, a strict CSP and the other headers are sent,
the admin login locks after repeated failures, article text is escaped everywhere, and a
withdrawn article is reachable only in the admin."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone

from archive.models import Article, Country, Event, Official, OfficialAlias, Source, Statement
from tests.conftest import make_article

ROOT = Path(__file__).resolve().parent.parent
SECRET = "a-production-like-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
XSS = "<script>alert(1)</script>\"onerror=alert(2)'><img src=x onerror=alert(3)>"


def production_env(tmp_path: Path, **extra) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "core.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_ALLOWED_HOSTS": "archive.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
        "DJANGO_LOG_LEVEL": "CRITICAL",
        **extra,
    }


# ---------------------------------------------------------------------------
# Production settings


def test_check_deploy_reports_nothing_with_production_settings(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["DJANGO_SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


PRODUCTION_REQUESTS = """
import json
import django
django.setup()
from django.test import Client

client = Client(HTTP_HOST="archive.example.org")
out = {}
plain = client.get("/articles/")
out["plain"] = {"status": plain.status_code, "location": plain.get("Location")}
out["healthz_plain"] = client.get("/healthz").status_code
for name, path in [("healthz", "/healthz"), ("not_found", "/no-such-page/"), ("login", "/admin/login/")]:
    response = client.get(path, HTTP_X_FORWARDED_PROTO="https")
    out[name] = {"status": response.status_code, "headers": dict(response.headers)}
    out[name]["cookies"] = {
        key: {"secure": bool(c["secure"]), "httponly": bool(c["httponly"]), "samesite": c["samesite"]}
        for key, c in response.cookies.items()
    }
docs = client.get("/api/v1/docs/", HTTP_X_FORWARDED_PROTO="https")
out["api_docs"] = {"status": docs.status_code, "body": docs.content.decode()}
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def production(tmp_path_factory) -> dict:
    env = production_env(tmp_path_factory.mktemp("production"))
    # Production serves the hashed files that collectstatic writes (whitenoise's manifest).
    collect = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert collect.returncode == 0, collect.stderr
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_REQUESTS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_production_redirects_plain_http_to_https_but_not_the_health_check(production):
    assert production["plain"] == {"status": 301, "location": "https://archive.example.org/articles/"}
    assert production["healthz_plain"] == 200


def test_production_sends_hsts_nosniff_referrer_policy_and_frame_denial(production):
    for name in ("healthz", "not_found", "login"):
        headers = production[name]["headers"]
        assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert production["not_found"]["headers"]["X-Frame-Options"] == "DENY"


def test_production_serves_the_api_docs_with_hashed_static_files(production):
    # Swagger UI from drf-spectacular-sidecar, through collectstatic's manifest, not a CDN.
    assert production["api_docs"]["status"] == 200
    body = production["api_docs"]["body"]
    assert re.search(
        r'src="/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle\.[0-9a-f]{12}\.js"', body
    )
    assert "https://" not in body


def test_production_cookies_are_secure(production):
    csrf = production["login"]["cookies"]["csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax"


def test_production_pages_carry_the_strict_csp(production):
    assert production["not_found"]["status"] == 404
    assert_strict_csp(production["not_found"]["headers"]["Content-Security-Policy"])


# ---------------------------------------------------------------------------
# Content-Security-Policy on every page


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


NONCE = re.compile(r"'nonce-[A-Za-z0-9+/_=-]+'")


def assert_strict_csp(header: str) -> dict[str, list[str]]:
    """The exact policy: scripts from this site or with this response's nonce, everything else fixed."""
    csp = csp_directives(header)
    scripts = csp["script-src"]
    # Nothing inline, no eval, no other origin, no scheme (https:, data:) that admits any script.
    assert "'self'" in scripts
    assert all(s == "'self'" or NONCE.fullmatch(s) for s in scripts), scripts
    assert {name: sources for name, sources in csp.items() if name != "script-src"} == {
        "default-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
    return csp


@pytest.fixture
def public_urls(demo) -> list[str]:
    official = Official.objects.first()
    event = Event.objects.first()
    return [
        "/",
        "/articles/",
        "/articles/?q=تووز",
        demo.get_absolute_url(),
        "/officials/",
        f"/officials/{official.pk}/",
        "/statements/",
        "/statements/?q=تووز",
        "/events/",
        f"/events/{event.pk}/",
        "/no-such-page/",
    ]


@pytest.mark.django_db
def test_every_page_sends_a_strict_csp_and_needs_nothing_it_forbids(client, public_urls):
    for url in public_urls:
        response = client.get(url)
        csp = assert_strict_csp(response["Content-Security-Policy"])
        html = response.content.decode()
        nonces = [s.strip("'")[len("nonce-") :] for s in csp["script-src"] if s.startswith("'nonce-")]
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or any(f'nonce="{n}"' in tag for n in nonces), (url, tag)
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", html), url  # inline event handlers
        assert not re.search(r"<[^>]+\sstyle\s*=", html), url  # inline style attributes
        assert "javascript:" not in html, url


@pytest.mark.django_db
def test_the_admin_sends_the_csp_too(staff_client):
    assert_strict_csp(staff_client.get("/admin/")["Content-Security-Policy"])


# ---------------------------------------------------------------------------
# Admin login lockout (django-axes)


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("editor", password="the-right-password-1", is_staff=True)


def login(client, password: str, username: str = "editor", ip: str = "203.0.113.7"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


@pytest.mark.django_db
def test_the_admin_login_works_with_the_right_password(client, editor):
    assert login(client, "the-right-password-1").status_code == 302


@pytest.mark.django_db
def test_the_admin_login_locks_after_five_failures_even_for_the_right_password(client, editor, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        assert login(client, "wrong").status_code == 200  # the form again, with its error
    locked = login(client, "wrong")
    assert locked.status_code == 429
    assert "ورود موقتاً بسته است" in locked.content.decode()
    right = login(client, "the-right-password-1")
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_lockout_binds_the_username_to_the_address_it_came_from(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "wrong", ip="203.0.113.7")
    assert login(client, "the-right-password-1", ip="198.51.100.20").status_code == 302


@pytest.mark.django_db
def test_behind_the_proxy_the_lockout_uses_the_forwarded_address(client, editor, settings):
    settings.BEHIND_PROXY = True
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/admin/login/",
            {"username": "editor", "password": "wrong"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_REAL_IP="203.0.113.7",
        )
    # Another client behind the same proxy is not locked out with the attacker.
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": "the-right-password-1"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_REAL_IP="198.51.100.20",
    )
    assert response.status_code == 302


# ---------------------------------------------------------------------------
# Escaping


@pytest.fixture
def hostile(db) -> dict:
    """Every text a page shows, written by an attacker."""
    country = Country.objects.get_or_create(code="AZ", defaults={"name": "آذربایجان"})[0]
    source = Source.objects.create(name=f"خبرگزاری {XSS}", latin_name=XSS)
    body = f"وزیر دفاع گفت «رزمایش تووز {XSS} ادامه دارد» و افزود {XSS}"
    article = make_article(
        f"رزمایش تووز {XSS}", body, source=source, published_at=timezone.now() - dt.timedelta(days=2)
    )
    article.countries.add(country)
    official = Official.objects.create(name=f"ذاکر {XSS}", latin_name=XSS, country=country)
    OfficialAlias.objects.create(official=official, name=f"حسن‌اف {XSS}", key=f"حسناف {XSS}")
    start = body.index("«") + 1
    end = body.index("»")
    Statement.objects.create(article=article, official=official, text=body[start:end], start=start, end=end)
    event = Event.objects.create(title=f"رزمایش {XSS}", place=XSS, start=dt.date(2020, 8, 25))
    event.articles.add(article)
    event.officials.add(official)
    return {"article": article, "official": official, "event": event, "source": source}


def assert_escaped(html: str, where: str) -> None:
    assert "<script>alert" not in html, where
    assert "<img src=x" not in html, where
    assert '"onerror=' not in html, where
    assert "'><img" not in html, where


@pytest.mark.django_db
def test_hostile_text_is_escaped_on_every_page(client, hostile):
    article, official, event, source = (
        hostile["article"],
        hostile["official"],
        hostile["event"],
        hostile["source"],
    )
    urls = [
        "/",
        "/articles/",
        "/articles/?q=تووز",
        "/articles/?q=alert",
        f"/articles/?source={source.pk}",
        article.get_absolute_url(),
        "/officials/",
        "/officials/?q=ذاکر",
        official.get_absolute_url(),
        "/statements/",
        "/statements/?q=رزمایش",
        "/events/",
        "/events/?q=رزمایش",
        event.get_absolute_url() if hasattr(event, "get_absolute_url") else f"/events/{event.pk}/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "&lt;script&gt;" in html or "&lt;img" in html, url  # the text is there, as text
        assert_escaped(html, url)


@pytest.mark.django_db
def test_a_hostile_query_is_escaped_wherever_it_is_echoed(client, hostile):
    for path in ("/articles/", "/officials/", "/statements/", "/events/"):
        for params in ({"q": XSS}, {"q": f"تووز {XSS}"}, {"date_from": XSS}, {"sort": XSS}, {"page": XSS}):
            response = client.get(path, params)
            assert response.status_code == 200, (path, params)
            assert_escaped(response.content.decode(), f"{path} {params}")


@pytest.mark.django_db
def test_exports_are_served_as_data_that_a_browser_will_not_run(client, hostile):
    for name in ("articles", "officials", "statements", "events"):
        csv = client.get(f"/{name}/export.csv", {"q": XSS})
        assert csv["Content-Type"].startswith("text/csv")
        assert csv["X-Content-Type-Options"] == "nosniff"
        b"".join(csv.streaming_content)
        manifest = client.get(f"/{name}/export.manifest.json", {"q": XSS})
        assert manifest["Content-Type"].startswith("application/json")
        assert manifest["X-Content-Type-Options"] == "nosniff"
        assert json.loads(manifest.content)["filters"]["q"] == XSS  # kept exactly, as data


# ---------------------------------------------------------------------------
# Withdrawn articles


SECRET_WORD = "کیمیاگرانه"


@pytest.fixture
def withdrawn(demo) -> dict:
    hidden_source = Source.objects.create(name="منبع پنهان")
    body = f"سخنگو گفت «{SECRET_WORD} است این گفته» و رفت"
    article = make_article(
        f"خبر پنهان {SECRET_WORD}",
        body,
        source=hidden_source,
        published_at=timezone.now() - dt.timedelta(days=1),
        is_public=False,
    )
    official = Official.objects.create(name="سخنگوی آزمایشی")
    start, end = body.index("«") + 1, body.index("»")
    statement = Statement.objects.create(
        article=article, official=official, text=body[start:end], start=start, end=end
    )
    event = Event.objects.create(title="رویداد آزمایشی", start=dt.date(2020, 8, 25))
    event.articles.add(article, demo)
    return {"article": article, "official": official, "event": event, "statement": statement}


def body_of(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


@pytest.mark.django_db
def test_a_withdrawn_article_is_reachable_by_no_public_url(client, withdrawn):
    article, official, event = withdrawn["article"], withdrawn["official"], withdrawn["event"]
    assert client.get(article.get_absolute_url()).status_code == 404
    urls = [
        "/",
        "/articles/",
        f"/articles/?q={SECRET_WORD}",
        "/articles/?q=پنهان",
        "/articles/export.csv",
        f"/articles/export.csv?q={SECRET_WORD}",
        "/officials/",
        official.get_absolute_url(),
        "/officials/export.csv",
        "/statements/",
        f"/statements/?q={SECRET_WORD}",
        "/statements/export.csv",
        f"/statements/export.csv?official={official.pk}",
        "/events/",
        f"/events/{event.pk}/",
        "/events/export.csv",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        content = body_of(response)
        # (the secret word itself may be echoed as the query)
        assert "خبر پنهان" not in content, url
        assert "است این گفته" not in content, url
        assert f"/articles/{article.pk}/" not in content, url


@pytest.mark.django_db
def test_withdrawn_articles_are_not_counted_in_manifests_or_facets(client, withdrawn):
    for url in (
        f"/articles/export.manifest.json?q={SECRET_WORD}",
        f"/statements/export.manifest.json?q={SECRET_WORD}",
    ):
        assert client.get(url).json()["row_count"] == 0, url
    official = withdrawn["official"]
    assert client.get(f"/statements/export.manifest.json?official={official.pk}").json()["row_count"] == 0
    page = client.get("/articles/").content.decode()
    facets = page[page.index('<aside class="facets"') :]
    assert "منبع پنهان" not in facets  # (the filter's list of every source may name it)
    source = Source.objects.get(name="منبع پنهان")
    assert client.get(f"/articles/export.manifest.json?source={source.pk}").json()["row_count"] == 0


@pytest.mark.django_db
def test_editors_still_reach_a_withdrawn_article_in_the_admin(staff_client, withdrawn):
    article = withdrawn["article"]
    response = staff_client.get(f"/admin/archive/article/{article.pk}/change/")
    assert response.status_code == 200
    assert SECRET_WORD in response.content.decode()


@pytest.mark.django_db
def test_the_admin_is_closed_to_everyone_else(client, withdrawn):
    response = client.get(f"/admin/archive/article/{withdrawn['article'].pk}/change/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert Article.objects.filter(pk=withdrawn["article"].pk, is_public=False).exists()
