"""Browser fixtures: Debian's Chromium driven by Playwright's sync API against `live_server`.

One browser per session, a new context (cookies, storage, viewport) per test. The tests
are skipped when Chromium is missing, unless REQUIRE_BROWSER=1 says they must run.
"""

import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from tests.conftest import chromium_available

# Playwright's sync API keeps an event loop running in the main thread; Django would
# otherwise refuse every ORM call made from a test (fixtures, factories) as "async unsafe".
# Beware: from the browser's start on, asgiref sees that thread as async and gives Django
# new connection objects, so anything Django's test machinery hung on the old ones (such
# as the migrations' data kept for serialized rollback) is not seen by later tests.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"

DEMO_PASSWORD = "musenor-demo"
MEMBER_EMAIL = "equipe.louvre-lens@demo.example"

DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 375, "height": 812}


def _require_browser() -> bool:
    return os.environ.get("REQUIRE_BROWSER", "").strip().lower() in {"1", "true", "yes", "on"}


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can tell a failed test."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


# One Playwright and one Chromium per test process, even when other test folders import
# the `browser` fixture into their own conftest (pytest then sees several session fixtures).
_shared = {"users": 0}


def _acquire_browser():
    if _shared["users"] == 0:
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        try:
            executable = CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")
            _shared["browser"] = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        except BaseException:
            playwright.stop()
            raise
        _shared["playwright"] = playwright
    _shared["users"] += 1
    return _shared["browser"]


def _release_browser():
    _shared["users"] -= 1
    if _shared["users"] == 0:
        _shared.pop("browser").close()
        _shared.pop("playwright").stop()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless; skipped (or failed with REQUIRE_BROWSER=1) when missing."""
    if not chromium_available():
        reason = f"Chromium not found at {CHROMIUM} (install Debian's `chromium` package)"
        if _require_browser():
            pytest.fail(f"REQUIRE_BROWSER=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    yield _acquire_browser()
    _release_browser()


@pytest.fixture
def demo_site(live_server, transactional_db):
    """The demo content behind the live server; returns the server's base URL.

    No serialized rollback: it flushes without re-creating permissions and content types,
    which breaks the transactional tests that follow. `load_demo` re-creates Wagtail's root
    page itself when a flush has removed it.
    """
    call_command("load_demo", verbosity=0)
    return live_server.url


def _new_context(browser, base_url, **kwargs):
    options = {"base_url": base_url, "locale": "fr-FR", "viewport": DESKTOP, "service_workers": "block"}
    options.update(kwargs)
    context = browser.new_context(**options)
    context.set_default_timeout(10_000)
    context.set_default_navigation_timeout(15_000)
    # No internet here: refuse any request that does not go to the live server (map tiles)
    # at once instead of waiting for a network timeout.
    context.route(re.compile(r"^https?://(?!localhost[:/]|127\.0\.0\.1[:/]).*"), lambda route: route.abort())
    return context


@pytest.fixture
def new_context(browser, demo_site, request):
    """A factory of browser contexts on the live server; every context is closed after the test.

    On failure, a screenshot of every open page goes to test-artifacts/.
    """
    contexts = []

    def make(**kwargs):
        context = _new_context(browser, demo_site, **kwargs)
        contexts.append(context)
        return context

    yield make

    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    for i, context in enumerate(contexts):
        if failed:
            ARTIFACTS.mkdir(exist_ok=True)
            for j, page in enumerate(context.pages):
                name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
                try:
                    page.screenshot(path=str(ARTIFACTS / f"{name}-{i}-{j}.png"), full_page=True)
                except Exception:  # noqa: BLE001 - a screenshot must never hide the real failure
                    pass
        context.close()


def log_in(page, email=MEMBER_EMAIL, password=DEMO_PASSWORD, *, goto=True):
    """Sign in through the real allauth form (on the current page unless `goto`); waits for the dashboard."""
    if goto:
        page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    # Not just any submit button: the header's language switch is one too.
    page.locator("#login-submit").click()
    page.wait_for_url(re.compile(r"/espace/$"))


@pytest.fixture
def member_state(demo_site):
    """Playwright storage state of a session signed in as the demo member.

    The session is opened on the server side (the sign-in form has its own test), which
    saves a trip through the form in every test that only needs to be signed in.
    """
    from django.conf import settings
    from django.test import Client

    from extranet.models import User

    client = Client()
    client.force_login(User.objects.get(email=MEMBER_EMAIL))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    return {
        "cookies": [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": cookie.value,
                "domain": urlsplit(demo_site).hostname,
                "path": "/",
                "expires": -1,
                "httpOnly": True,
                "secure": False,
                "sameSite": "Lax",
            }
        ],
        "origins": [],
    }


@pytest.fixture
def member_page(new_context, member_state):
    """A page already signed in as the demo member of the Louvre-Lens."""
    return new_context(storage_state=member_state).new_page()
