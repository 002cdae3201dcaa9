"""Every private internal of a library that the project relies on, on purpose, named here and held.

Each entry names what our code uses, where, and a fingerprint of the library's source of it (SHA-256 of
`inspect.getsource`, the first 12 hex digits). An upgrade that renames, removes or rewrites one of them
fails here, loudly, before it fails in production: re-read the library's new code, check ours still
holds (the file named in `used_by`), then update the fingerprint. Public APIs need no entry.
"""

import hashlib
import importlib
import inspect

import pytest

# (dotted path inside the library, where we use it); the fingerprints are in FINGERPRINTS below.
PRIVATE_INTERNALS = [
    # machina's permission handler and checker (forum/machina_apps/forum_permission/handler.py):
    # per-member permissions computed once for every forum and cached.
    ("machina.apps.forum_permission.handler.PermissionHandler._get_forums_for_user",
     "forum/machina_apps/forum_permission/handler.py"),
    ("machina.apps.forum_permission.handler.PermissionHandler._get_checker",
     "forum/machina_apps/forum_permission/handler.py"),
    ("machina.apps.forum_permission.handler.PermissionHandler.__init__",
     "forum/machina_apps/forum_permission/handler.py (_granted_forums_cache, _user_perm_checkers_cache)"),
    ("machina.apps.forum_permission.checker.ForumPermissionChecker.__init__",
     "forum/machina_apps/forum_permission/handler.py (_forum_perms_cache)"),
    ("machina.apps.forum_permission.checker.ForumPermissionChecker.get_perms",
     "forum/machina_apps/forum_permission/handler.py"),
    ("machina.apps.forum_permission.checker.ForumPermissionChecker.get_perms_for_forumlist",
     "forum/machina_apps/forum_permission/handler.py"),
    # machina's reading tracker (forum/machina_apps/forum_tracking/handler.py): the same rules in fewer queries.
    ("machina.apps.forum_tracking.handler.TrackingHandler._update_parent_forum_tracks",
     "forum/machina_apps/forum_tracking/handler.py"),
    ("machina.apps.forum_tracking.handler.TrackingHandler.mark_topic_read",
     "forum/machina_apps/forum_tracking/handler.py"),
    ("machina.apps.forum_tracking.handler.TrackingHandler.get_unread_topics",
     "forum/machina_apps/forum_tracking/handler.py"),
    ("machina.apps.forum_tracking.handler.TrackingHandler.get_unread_forums_from_list",
     "forum/machina_apps/forum_tracking/handler.py"),
    # haystack's Whoosh backend (search/backends.py): its parser, index, result processing and writer.
    ("haystack.backends.whoosh_backend.WhooshSearchBackend.setup", "search/backends.py (parser, index, setup_complete)"),
    ("haystack.backends.whoosh_backend.WhooshSearchBackend.build_schema", "search/backends.py"),
    ("haystack.backends.whoosh_backend.WhooshSearchBackend._process_results", "search/backends.py"),
    ("haystack.backends.whoosh_backend.WhooshSearchBackend._from_python", "search/backends.py"),
    ("haystack.backends.whoosh_backend.WhooshSearchBackend.update", "search/backends.py (silently_fail)"),
    ("haystack.backends.whoosh_backend.WhooshSearchBackend.search", "search/backends.py (the options it passes on)"),
    ("haystack.backends.whoosh_backend.WhooshSearchBackend.calculate_page", "search/backends.py"),
    # Whoosh's scorer and searcher (search/backends.py): field lengths per segment, filters per segment.
    ("whoosh.scoring.BM25F.scorer", "search/backends.py (SegmentLengthsBM25F)"),
    ("whoosh.scoring.WeightLengthScorer.setup", "search/backends.py (replaces the .dfl it sets)"),
    ("whoosh.scoring.WeightLengthScorer.score", "search/backends.py (calls .dfl)"),
    ("whoosh.searching.Searcher.leaf_searchers", "search/backends.py"),
    ("whoosh.searching.Searcher.docs_for_query", "search/backends.py"),
    ("whoosh.searching.ResultsPage.__init__", "search/backends.py (Results._total)"),
    # Django (extranet/fields.py, extranet/cache.py).
    ("django.forms.models.ModelMultipleChoiceField._check_values", "extranet/fields.py"),
    ("django.core.cache.backends.redis.RedisCacheClient.get_client", "extranet/cache.py (via RedisCache._cache)"),
    ("django.core.cache.backends.redis.RedisCache._cache", "extranet/cache.py"),
]


def resolve(path: str):
    parts = path.split(".")
    for split in range(len(parts) - 1, 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for name in parts[split:]:
            target = inspect.getattr_static(target, name)
        return target
    raise ImportError(path)


def fingerprint(target) -> str:
    if isinstance(target, (staticmethod, classmethod)):
        target = target.__func__
    if isinstance(target, property):
        target = target.fget
    if hasattr(target, "func"):  # functools.cached_property
        target = target.func
    return hashlib.sha256(inspect.getsource(target).encode()).hexdigest()[:12]


FINGERPRINTS = {
    "machina.apps.forum_permission.handler.PermissionHandler._get_forums_for_user": "c123d8d49fab",
    "machina.apps.forum_permission.handler.PermissionHandler._get_checker": "e62705903a22",
    "machina.apps.forum_permission.handler.PermissionHandler.__init__": "1137fe27f65c",
    "machina.apps.forum_permission.checker.ForumPermissionChecker.__init__": "e825b61a2e5f",
    "machina.apps.forum_permission.checker.ForumPermissionChecker.get_perms": "722c1e16b66f",
    "machina.apps.forum_permission.checker.ForumPermissionChecker.get_perms_for_forumlist": "44acc9102af8",
    "machina.apps.forum_tracking.handler.TrackingHandler._update_parent_forum_tracks": "d4a7e8c37d7a",
    "machina.apps.forum_tracking.handler.TrackingHandler.mark_topic_read": "8baf1b5c755f",
    "machina.apps.forum_tracking.handler.TrackingHandler.get_unread_topics": "be92deeb3205",
    "machina.apps.forum_tracking.handler.TrackingHandler.get_unread_forums_from_list": "de26197a0b6d",
    "haystack.backends.whoosh_backend.WhooshSearchBackend.setup": "a1e8f23d3fdc",
    "haystack.backends.whoosh_backend.WhooshSearchBackend.build_schema": "1243eedad217",
    "haystack.backends.whoosh_backend.WhooshSearchBackend._process_results": "0b000709102a",
    "haystack.backends.whoosh_backend.WhooshSearchBackend._from_python": "046daa4c4637",
    "haystack.backends.whoosh_backend.WhooshSearchBackend.update": "423d623cc192",
    "haystack.backends.whoosh_backend.WhooshSearchBackend.search": "e08f236d31f6",
    "haystack.backends.whoosh_backend.WhooshSearchBackend.calculate_page": "4dda0bae2089",
    "whoosh.scoring.BM25F.scorer": "543088b4fd43",
    "whoosh.scoring.WeightLengthScorer.setup": "908d1cfae189",
    "whoosh.scoring.WeightLengthScorer.score": "caed11a123e4",
    "whoosh.searching.Searcher.leaf_searchers": "b14b943c9350",
    "whoosh.searching.Searcher.docs_for_query": "01f4d2c6842e",
    "whoosh.searching.ResultsPage.__init__": "9fca334c3d10",
    "django.forms.models.ModelMultipleChoiceField._check_values": "0a69fadde76e",
    "django.core.cache.backends.redis.RedisCacheClient.get_client": "ba56fb39ace7",
    "django.core.cache.backends.redis.RedisCache._cache": "9ff16af6c04a",
}


@pytest.mark.parametrize(("path", "used_by"), PRIVATE_INTERNALS, ids=[path for path, _used_by in PRIVATE_INTERNALS])
def test_a_private_internal_we_rely_on_is_unchanged(path, used_by):
    try:
        target = resolve(path)
    except (ImportError, AttributeError) as error:
        pytest.fail(f"{path} is gone ({error}): {used_by} relies on it. Re-read the library and adapt our code.")
    found = fingerprint(target)
    assert found == FINGERPRINTS[path], (
        f"{path} changed in the installed library (source fingerprint {found}, was {FINGERPRINTS[path]}): "
        f"{used_by} relies on it. Re-read it, check our code still holds, then update FINGERPRINTS."
    )


def test_the_checker_keeps_its_per_forum_cache_where_our_handler_fills_it(django_user_model, db):
    from machina.apps.forum_permission.checker import ForumPermissionChecker

    checker = ForumPermissionChecker(django_user_model(username="x"))
    assert checker._forum_perms_cache == {}


def test_whoosh_scorers_read_field_lengths_through_dfl():
    from whoosh.scoring import WeightLengthScorer

    assert "self.dfl(" in inspect.getsource(WeightLengthScorer.score)
