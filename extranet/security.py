"""Browser-side protections every response carries.

- A Content-Security-Policy (django-csp) that allows only our own scripts: no inline
  script, no eval. The Wagtail and Django admins ship inline scripts of their own, so
  their pages get the same policy plus 'unsafe-inline' for scripts; nothing of ours runs
  there.
- Members' pages are `Cache-Control: private`: a shared proxy never keeps one member's
  page for another.
"""

from csp.constants import UNSAFE_EVAL, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.utils.cache import patch_cache_control

ADMIN_PREFIXES = ("/cms/", "/django-admin/")


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path.startswith(ADMIN_PREFIXES) and parts.update is None:
            parts.update = {"script-src": [UNSAFE_INLINE, UNSAFE_EVAL]}
        return parts


class PrivateCacheMiddleware:
    """Marks every response to a signed-in member as private to their browser."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True)
        return response
