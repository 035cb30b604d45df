"""What every test of the benchmark tooling shares: an empty cache and a search index of its own."""

from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def search_index_dir(settings, tmp_path_factory):
    """Each test has its own search index directory: the database is rolled back, so must the index be."""
    from archive.search import indexdir

    settings.SEARCH_INDEX_DIR = tmp_path_factory.mktemp("search")
    indexdir.forget()
    yield settings.SEARCH_INDEX_DIR
    indexdir.forget()
