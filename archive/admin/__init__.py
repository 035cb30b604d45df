"""The editors' workspace, in the house style of Django's own admin; one module per part.

`concurrency` (no silent overwrite: versioned forms), `sources` (countries,
sources and their aliases), `articles` (the list, the review workflow, the
inlines), `suggestions` (the article page's suggestions and their endpoint),
`imports` (the «Import articles» page), `officials`, `statements`, `events`,
`mentions` (the queue of unresolved mentions), `rejections` (rejected
suggestions, listed and undone), `statement_counts` (a list
column); e-mail alerts have theirs in `archive.alerts.admin`. Importing the package
registers every ModelAdmin.
"""

from archive.admin import articles, events, mentions, officials, rejections, sources, statements
from archive.alerts import admin as alerts

__all__ = ["alerts", "articles", "events", "mentions", "officials", "rejections", "sources", "statements"]
