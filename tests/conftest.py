"""Fixtures every test file shares: the demo data, staff users, a small corpus."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.management import call_command

from archive.models import Article, Official


@pytest.fixture(autouse=True)
def fresh_cache():
    """Pages, menus and names are cached; each test starts from empty caches.

    Rolled back, a test's change-log positions come again in the next test
    with other data: what the process keeps under them is dropped too.
    """
    from archive import pagecache

    cache.clear()
    pagecache.forget_shared()
    yield
    cache.clear()
    pagecache.forget_shared()


@pytest.fixture(autouse=True)
def search_index_dir(settings, tmp_path_factory):
    """Each test has its own search index directory: the database is rolled back, so must the index be."""
    from archive.search import indexdir

    settings.SEARCH_INDEX_DIR = tmp_path_factory.mktemp("search")
    indexdir.forget()
    yield settings.SEARCH_INDEX_DIR
    indexdir.forget()


@pytest.fixture(autouse=True)
def no_rate_limits(settings):
    """Tests ask for many pages from one address; tests/test_rate_limits.py sets its own budgets.

    Nor are exports bounded (tests/test_export_slots.py bounds them): the test client
    closes a streamed response only once it is read, and many tests never read one.
    """
    settings.RATE_LIMITS = {"search": 0, "export": 0}
    settings.API_THROTTLE_RATES = {"anon": "0", "token": "0"}  # tests/test_api_throttling.py sets its own
    settings.EXPORT_SLOTS = 0


@pytest.fixture
def demo(db) -> Article:
    """The seed article, fully annotated by `load_demo`."""
    call_command("load_demo", verbosity=0)
    return Article.objects.get(source__latin_name="Aran News")


@pytest.fixture
def hasanov(demo) -> Official:
    return Official.objects.get(latin_name="Zakir Hasanov")


@pytest.fixture
def shoigu(demo) -> Official:
    return Official.objects.get(latin_name="Sergei Shoigu")


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "a-long-password-1")
    client.force_login(user)
    return client


def make_article(title: str = "عنوان", body: str = "متن خبر", **fields) -> Article:
    article = Article(title=title, body=body, **fields)
    article.save()
    return article
