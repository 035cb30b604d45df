"""The API's documentation page: Swagger UI from static/ (drf-spectacular-sidecar), under the site's CSP.

drf-spectacular's split view serves the page and its start-up script as two
responses, so the page needs no inline script (the site's policy allows
scripts from itself only, with a nonce); our template also moves the page's
few inline styles into static/api/docs.css (the policy allows no inline
style) and gives it the site's language and direction.
"""

from __future__ import annotations

from drf_spectacular.views import SpectacularSwaggerSplitView


class DocsView(SpectacularSwaggerSplitView):
    template_name = "api/docs.html"
    url_name = "api:schema"
    title = "راهنمای API آرشیو اخبار دفاعی منطقه"
