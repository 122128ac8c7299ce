"""The API's documentation page (/api/v1/docs): Swagger UI from the project's own static files.

The site's CSP allows scripts only from itself (or with the request's nonce), so the CDN page that
ninja renders without ``ninja`` in INSTALLED_APPS stays blank. Here the page loads the vendored
copy in ``static/vendor/swagger-ui/`` (see its VERSION file) and a small start script; the
settings travel as a JSON data block, which the CSP does not treat as a script.
"""

from django.shortcuts import render
from ninja.openapi.docs import Swagger


class LocalSwagger(Swagger):
    template = "api/docs.html"
    default_settings = {
        "layout": "BaseLayout",
        # Deep links put a link inside each operation's toggle button (axe: nested-interactive).
        "deepLinking": False,
        "validatorUrl": None,  # no calls to swagger.io
        "tryItOutEnabled": False,
    }

    def render_page(self, request, api, **kwargs):
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        # "Try it out" with the browser session sends the CSRF token (api-docs.js), as writes need it.
        return render(request, self.template, {"swagger_settings": dict(self.settings), "api": api})
