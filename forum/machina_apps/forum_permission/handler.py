"""machina's permission handler, answering from one computation per member, cached.

machina's checker asks the database twice per forum it is asked about (user and group
permissions of that forum). Here the first question computes the member's permissions for
every forum at once (machina's own `get_perms_for_forumlist`, two queries) and keeps them in
the cache: forum permissions change only through forum/services.py, which bumps
`PERMISSIONS_VERSION_KEY` on every change, so a cached answer is never stale. machina's
middleware makes one handler per request; it also remembers what it computed.
"""

from django.core.cache import cache
from machina.apps.forum_permission.checker import ForumPermissionChecker as MachinaChecker
from machina.apps.forum_permission.handler import PermissionHandler as MachinaPermissionHandler
from machina.core.db.models import get_model

Forum = get_model("forum", "Forum")

PERMISSIONS_VERSION_KEY = "forum:permissions-version"
CACHE_SECONDS = 10 * 60


def permissions_version() -> int:
    version = cache.get(PERMISSIONS_VERSION_KEY)
    if version is None:
        version = 1
        cache.add(PERMISSIONS_VERSION_KEY, version, None)
    return version


def permissions_changed() -> None:
    """Forget every cached forum permission (called by forum/services.py after any change)."""
    try:
        cache.incr(PERMISSIONS_VERSION_KEY)
    except ValueError:
        cache.add(PERMISSIONS_VERSION_KEY, 2, None)


class ForumPermissionChecker(MachinaChecker):
    def __init__(self, user, all_forums):
        super().__init__(user)
        self._all_forums = all_forums
        self._loaded = False

    def _cache_key(self) -> str:
        return f"forum:perms:{permissions_version()}:{self.user.pk}"

    def _load(self, forum) -> None:
        self._loaded = True
        cached = cache.get(self._cache_key())
        if cached is None or (forum is not None and forum.id not in cached):
            forums = self._all_forums()
            if forum is not None and forum not in forums:
                forums = [*forums, forum]
            computed = self.get_perms_for_forumlist(forums, None)
            cached = {f.id: sorted(codenames) for f, codenames in computed.items()}
            cache.set(self._cache_key(), cached, CACHE_SECONDS)
        self._forum_perms_cache.update(cached)

    def get_perms(self, forum):
        cacheable = self.user.is_authenticated and self.user.is_active and not self.user.is_superuser
        if forum is not None and cacheable and forum.id not in self._forum_perms_cache:
            self._load(forum)
        return super().get_perms(forum)

    def get_perms_for_forumlist(self, forums, perm_codenames=None):
        if self._loaded and forums and all(f is not None and f.id in self._forum_perms_cache for f in forums):
            wanted = set(perm_codenames) if perm_codenames else None
            return {f: {c for c in self._forum_perms_cache[f.id] if wanted is None or c in wanted} for f in forums}
        return super().get_perms_for_forumlist(forums, perm_codenames)


class PermissionHandler(MachinaPermissionHandler):
    def _get_checker(self, user):
        key = user.id if not user.is_anonymous else "anonymous"
        if key not in self._user_perm_checkers_cache:
            self._user_perm_checkers_cache[key] = ForumPermissionChecker(user, self._get_all_forums)
        return self._user_perm_checkers_cache[key]

    def _get_forums_for_user(self, user, perm_codenames, use_tree_hierarchy=False):
        key = "{}__{}".format(":".join(perm_codenames), user.id if not user.is_anonymous else "anonymous")
        if key not in self._granted_forums_cache and user.is_authenticated and not user.is_superuser:
            # Warm the checker from the cache first: machina would otherwise compute every forum again.
            forums = self._get_all_forums()
            if forums:
                self._get_checker(user).get_perms(forums[0])
        granted = super()._get_forums_for_user(user, perm_codenames, use_tree_hierarchy=False)
        if use_tree_hierarchy:
            granted = self._within_granted_ancestors(granted)
            self._granted_forums_cache[key] = granted
        return granted

    def _within_granted_ancestors(self, granted):
        # machina's tree filter, computed on the loaded forums (it would query the tree again,
        # then turn the answer back into a queryset): a forum counts when all its ancestors do.
        ids = {f.id for f in granted}
        by_id = {f.id: f for f in self._get_all_forums()}
        result = []
        for forum in granted:
            parent_id, ok = forum.parent_id, True
            while parent_id is not None:
                if parent_id not in ids:
                    ok = False
                    break
                parent_id = by_id[parent_id].parent_id if parent_id in by_id else None
            if ok:
                result.append(forum)
        return result

    def _get_all_forums(self):
        if not hasattr(self, "_all_forums"):
            self._all_forums = list(Forum.objects.order_by("tree_id", "lft"))
        return self._all_forums
