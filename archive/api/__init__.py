"""The JSON API under /api/v1/: the lists' own FilterSets, the same records in the same order.

Each list endpoint validates the query string with its page's FilterSet
(archive/filters.py), so it takes exactly the page's parameters; the records
come from the same index calls (`IndexedFilterSet.hits`) or the same queryset
(events) as the page and its CSV. Modules: `cursors` (the signed position of
the next page), `sources` (one page of ids of a list, from the index or SQL),
`pagination` (the cursor, `page_size` and `count` parameters and the response
envelope), `selection` (`fields` / `omit`), `serializers` (the records),
`throttles`, `views`, `docs` (the Swagger UI page under the site's CSP), `urls`.
"""
