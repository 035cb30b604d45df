"""A list's address says just what it shows: a form's empty parameters redirect to the ones that are set."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from archive.pagecache.pages import MAX_REDIRECT_LENGTH

pytestmark = pytest.mark.django_db

LISTS = ["/articles/", "/statements/", "/officials/", "/events/"]


def _target(response) -> tuple[str, dict]:
    parts = urlsplit(response["Location"])
    return parts.path, parse_qs(parts.query, keep_blank_values=True)


@pytest.mark.parametrize("path", LISTS)
def test_a_form_submission_redirects_to_the_parameters_that_are_set(client, demo, path):
    response = client.get(f"{path}?q=%D8%B4%D9%88%DB%8C%DA%AF%D9%88&date_from=&source=&country=&sort=&page=")
    assert response.status_code == 302
    assert _target(response) == (path, {"q": ["شویگو"]})
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("path", LISTS)
def test_an_all_empty_form_redirects_to_the_bare_list(client, demo, path):
    response = client.get(f"{path}?q=&date_from=&date_to=&page_size=")
    assert response.status_code == 302 and response["Location"] == path


def test_it_keeps_every_set_parameter_and_drops_blank_ones(client, demo):
    response = client.get("/articles/?q=x&date_from=1399&date_to=+&sort=newest&page_size=50&page=2&kind=")
    assert _target(response)[1] == {
        "date_from": ["1399"],
        "page": ["2"],
        "page_size": ["50"],
        "q": ["x"],
        "sort": ["newest"],
    }


def test_unknown_parameters_go_with_the_redirect(client, demo):
    # What the page does not read never was part of it (the page cache drops it too).
    assert _target(client.get("/articles/?q=x&utm_source=mail&date_from="))[1] == {"q": ["x"]}


@pytest.mark.parametrize("path", [*LISTS, "/articles/?q=x", "/articles/?q=x&date_from=1399"])
def test_a_clean_address_is_served_as_it_is(client, demo, path):
    assert client.get(path).status_code == 200


def test_the_official_page_redirects_too(client, demo, shoigu):
    response = client.get(f"{shoigu.get_absolute_url()}?q=&date_from=1399")
    assert _target(response) == (shoigu.get_absolute_url(), {"date_from": ["1399"]})


@pytest.mark.parametrize("path", ["/articles/export.csv", "/articles/export.manifest.json"])
def test_exports_answer_their_query_string_without_a_redirect(client, demo, path):
    # A script fetching a CSV should not have to follow redirects.
    response = client.get(f"{path}?q=x&date_from=")
    assert response.status_code == 200


def test_a_share_url_too_long_to_redirect_to_is_served_from_the_set_parameters(client, demo):
    long_query = "شویگو " + "ا" * MAX_REDIRECT_LENGTH
    response = client.get("/articles/", {"q": long_query, "date_from": ""})
    assert response.status_code == 200
    assert response.context["query"] == long_query[:5000].strip()
