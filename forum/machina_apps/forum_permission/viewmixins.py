"""machina's permission mixin, answering 404 where machina answers 403 (docs/permissions.md)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from machina.apps.forum_permission.viewmixins import PermissionRequiredMixin as MachinaPermissionRequiredMixin


class PermissionRequiredMixin(MachinaPermissionRequiredMixin):
    def check_permissions(self, request):
        try:
            return super().check_permissions(request)
        except PermissionDenied:
            # A forum, topic or post the member may not use does not exist for them.
            raise Http404 from None
