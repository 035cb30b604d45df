"""The API limits: anonymous clients by address, a 429 with Retry-After past them; a token lifts them."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(django_user_model) -> str:
    user = django_user_model.objects.create_user("researcher", "r@example.org", "a-long-password-1")
    return Token.objects.create(user=user).key


def test_an_anonymous_client_past_its_rate_gets_a_persian_429_with_retry_after(client, demo, settings):
    settings.API_THROTTLE_RATES = {"anon": "3/minute", "token": "0"}
    url = reverse("api:article-list")
    # The same page, served from the cache after the first: every request still counts.
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    response = client.get(url)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "محدود" in response.json()["detail"]
    assert client.get(reverse("api:article-detail", args=[demo.pk])).status_code == 429  # one rate per client


def test_another_address_has_its_own_rate(client, demo, settings):
    settings.API_THROTTLE_RATES = {"anon": "1/minute", "token": "0"}
    url = reverse("api:article-list")
    assert client.get(url, REMOTE_ADDR="192.0.2.1").status_code == 200
    assert client.get(url, REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.get(url, REMOTE_ADDR="192.0.2.2").status_code == 200


def test_a_token_lifts_the_anonymous_limit_to_its_own(client, demo, settings, token):
    settings.API_THROTTLE_RATES = {"anon": "2/minute", "token": "5/minute"}
    url = reverse("api:article-list")
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]
    auth = {"HTTP_AUTHORIZATION": f"Token {token}"}
    assert [client.get(url, **auth).status_code for _ in range(5)] == [200] * 5
    response = client.get(url, **auth)
    assert response.status_code == 429 and int(response["Retry-After"]) > 0


def test_a_wrong_token_is_a_persian_401_not_anonymous_access(client, demo):
    response = client.get(reverse("api:article-list"), HTTP_AUTHORIZATION="Token not-a-token")
    assert response.status_code == 401
    assert "توکن" in response.json()["detail"]


def test_a_limit_of_zero_is_no_limit(client, demo, settings):
    settings.API_THROTTLE_RATES = {"anon": "0", "token": "0"}
    assert all(client.get(reverse("api:article-list")).status_code == 200 for _ in range(20))


def test_the_sites_search_limit_does_not_count_api_requests(client, demo, settings):
    settings.RATE_LIMITS = {"search": 1, "export": 0}
    url = reverse("api:article-list")
    assert [client.get(url, {"q": "شویگو"}).status_code for _ in range(3)] == [200, 200, 200]
    assert client.get(reverse("archive:article-list"), {"q": "شویگو"}).status_code == 200
    assert client.get(reverse("archive:article-list"), {"q": "شویگو"}).status_code == 429


def test_an_admin_issues_tokens_in_persian(staff_client, django_user_model):
    index = staff_client.get("/admin/").content.decode()
    assert "توکن" in index
    user = django_user_model.objects.create_user("reader", "x@example.org", "a-long-password-1")
    response = staff_client.post("/admin/authtoken/tokenproxy/add/", {"user": user.pk})
    assert response.status_code == 302
    assert Token.objects.filter(user=user).exists()
    page = staff_client.get("/admin/authtoken/tokenproxy/").content.decode()
    assert "کلید" in page and "کاربر" in page
