import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_every_page_carries_a_content_security_policy_without_inline_scripts(client, member_a):
    client.force_login(member_a)
    for url in (reverse("dashboard"), reverse("museum_list"), reverse("account_login")):
        policy = client.get(url)["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
        assert directives["script-src"] == "'self'"
        assert directives["frame-ancestors"] == "'none'"
        assert directives["object-src"] == "'none'"


def test_our_pages_contain_no_inline_script(client, member_a, demo):
    import re

    client.force_login(member_a)
    for url in (reverse("dashboard"), reverse("museum_list"), reverse("museum_detail", args=["louvre-lens"]), "/"):
        html = client.get(url).content.decode()
        for attributes, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S):
            assert "src=" in attributes or 'type="application/json"' in attributes, (url, attributes, body[:80])
        assert not re.search(r"\son[a-z]+=", html), url


def test_pages_forbid_sniffing_and_send_a_referrer_policy(client):
    response = client.get(reverse("account_login"))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_members_pages_are_private_to_the_browser(client, member_a):
    client.force_login(member_a)
    assert "private" in client.get(reverse("dashboard"))["Cache-Control"]


def test_healthz_reports_database_cache_search_and_queue(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True
    assert {"database", "cache", "search", "tasks"} <= set(body)
