"""The forum in a real browser: a reply posted by one member appears on another member's open
topic page without a reload."""

import re
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

OTHER_EMAIL = "gestion.la-piscine@demo.example"


def _state_for(email, base_url):
    from django.conf import settings
    from django.test import Client

    from extranet.models import User

    client = Client()
    client.force_login(User.objects.get(email=email))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    return {
        "cookies": [{
            "name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "domain": urlsplit(base_url).hostname,
            "path": "/", "expires": -1, "httpOnly": True, "secure": False, "sameSite": "Lax",
        }],
        "origins": [],
    }


def test_a_reply_appears_on_another_members_open_topic_page(new_context, member_page, demo_site):
    from machina.core.db.models import get_model

    Topic = get_model("forum_conversation", "Topic")
    topic = Topic.objects.select_related("forum").get(subject__startswith="Transporteur")
    url = f"/espace/forum/forum/{topic.forum.slug}-{topic.forum_id}/topic/{topic.slug}-{topic.pk}/"

    reader = member_page
    reader.goto(url)
    assert reader.locator("h1", has_text="Transporteur").count() == 1

    writer = new_context(storage_state=_state_for(OTHER_EMAIL, demo_site)).new_page()
    writer.goto(url)
    writer.locator("a[href$='/post/create/']").first.click()
    writer.locator("textarea[name=content]").fill("Nous passons par un transporteur agréé depuis Lille, très bien.")
    writer.locator("input[type=submit]:not([name=preview])").click()
    writer.wait_for_url(re.compile(r"/topic/"))

    reader.locator(".live-posts").get_by_text("transporteur agréé depuis Lille").wait_for(timeout=15_000)
