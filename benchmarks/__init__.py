"""Benchmarks and the load test: development tooling, not part of the product.

A small Django app, installed only when DJANGO_DEBUG=1 or DJANGO_BENCHMARKS=1
(core/settings.py), so a production `manage.py` has no bench command:

- `corpus` generates realistic Persian articles; `loading` bulk-loads them;
- `measure` and `importing` time the site on them; `report` writes docs/benchmarks.md;
- `manage.py bench` (`make bench`) and `manage.py loadtest` (`make loadtest`) run them.

Nothing in `archive/` imports from here.
"""
