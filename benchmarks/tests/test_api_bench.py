"""The API list benchmark: cold answers computed, warm ones served, p50/p95 of each."""

from __future__ import annotations

import pytest
from django.test import Client

from benchmarks import api, loading, queries


@pytest.fixture
def tiny_corpus(db):
    loading.load(60, seed=5, batch=30, workers=1, progress=False)


def test_the_api_list_is_measured_cold_and_warm(tiny_corpus, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.API_THROTTLE_RATES = {"anon": "1/minute", "token": "0"}  # the bench lifts it for its run
    chosen = [q for q in queries.cold_queries() if q.kind in ("most", "rare", "dates", "newest", "story")]
    figures = api.measure_api(Client(), chosen, warm_repeat=2)
    assert figures.statuses == [200] * len(chosen)
    assert figures.computed and figures.served
    assert len(figures.cold.samples) == len(chosen) and len(figures.warm.samples) == 2 * len(chosen)
    assert 0 < figures.cold_p50 <= figures.cold_p95
    assert 0 < figures.warm_p50 <= figures.warm_p95
    # Served from the cache, a warm answer costs less than computing it (generous: a loaded machine).
    assert figures.warm_p50 < figures.cold_p50 * 2


def test_the_api_url_of_a_query_is_its_page_query_string():
    query = queries.Query("source", "موشک", (("source", "3"), ("sort", "newest")))
    assert api.api_url(query) == f"/api/v1/articles/?{query.query_string}&page_size=20"
