"""WSGI entry point: `gunicorn core.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings")
application = get_wsgi_application()

# Import the URLconf, the views and what they use (hazm's lexicon, the search
# engines) now rather than in a worker's first request: that took 1.8 s, and a
# reader's request queued behind it waited as long. With gunicorn's
# preload_app the workers are forked with all of it already in memory.
_ = get_resolver().url_patterns
