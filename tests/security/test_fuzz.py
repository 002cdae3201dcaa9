"""Hostile and random values posted to every form a signed-in member reaches: never a server
error, and nothing stored comes back as an executable script.

Each page is fetched, its POST forms are read with html.parser, then hypothesis fills their fields
with payloads (script tags, event handlers, javascript: URLs, very long strings, unicode, NUL
bytes, negative numbers, impossible dates, empty values). After each post, the page it leads to
and the form page are read back and checked for a script or an event handler carrying our payload.
Every example runs in a savepoint rolled back at its end. File inputs are left empty.
"""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

MARK = "alert(1)"
HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "' onmouseover='alert(1)",
    "<svg onload=alert(1)>",
    "x" * 5000,
    "ḍ̷͔̿é̴́ĵ̵̂à 🏛️ 博物館 \u202e",
    "\x00",
    "a\x00<script>alert(1)</script>",
    "-1",
    "-99999999999999999999",
    "99999999999999999999",
    "1e309",
    "9999-99-99",
    "0000-00-00",
    "",
    " ",
]

# (case id, who posts, the page holding the forms)
PAGES = [
    ("profile-edit", "member_b", lambda w: reverse("profile_edit")),
    ("kit-booking-request", "manager_b", lambda w: reverse("equipment_loans:booking_request")),
    ("kit-booking-detail", "manager_b", lambda w: reverse("equipment_loans:booking_detail", args=[w.booking.pk])),
    ("exchange-create", "manager_b", lambda w: reverse("exchange:create", kwargs={"slug": w.museum_b.slug})),
    ("exchange-lot-create", "manager_b", lambda w: reverse("exchange:lot_create", kwargs={"slug": w.museum_b.slug})),
    ("exchange-edit", "manager_b", lambda w: reverse("exchange:edit", args=[w.draft.pk])),
    ("exchange-listing-detail", "manager_a", lambda w: reverse("exchange:detail", args=[w.published.pk])),
    ("exchange-request-thread", "manager_c", lambda w: reverse("exchange:request_detail", args=[w.exchange_request.pk])),
    ("document-create", "manager_b", lambda w: reverse("resources:document_create")),
    ("document-edit", "manager_b", lambda w: reverse("resources:document_edit", args=[w.document.pk])),
    ("exhibition-create", "manager_b", lambda w: reverse("resources:exhibition_create")),
    ("exhibition-edit", "manager_b", lambda w: reverse("resources:exhibition_edit", args=[w.exhibition.pk])),
    ("publication-create", "manager_b", lambda w: reverse("resources:publication_create")),
    ("skills-mine", "member_b", lambda w: reverse("skills_directory:my_skills")),
    ("skills-ask", "member_b", lambda w: reverse("skills_directory:ask", args=[w.expert_b.pk])),
    ("skills-question", "expert_b", lambda w: reverse("skills_directory:question_detail", args=[w.question.pk])),
    ("notification-preferences", "member_b", lambda w: reverse("notifications:preferences")),
    ("staff-manage", "manager_b", lambda w: reverse("staff_manage", kwargs={"slug": w.museum_b.slug})),
    ("forum-topic-create", "member_b", lambda w: reverse(
        "forum_conversation:topic_create", kwargs={"forum_slug": w.group_forum.slug, "forum_pk": w.group_forum.pk})),
    ("forum-post-create", "member_b", lambda w: reverse("forum_conversation:post_create", kwargs={
        "forum_slug": w.group_forum.slug, "forum_pk": w.group_forum.pk, "topic_slug": w.topic.slug,
        "topic_pk": w.topic.pk})),
]

# Forms of the page frame (language switch, sign-out) are not the page's own.
FRAME_ACTIONS = ("/i18n/setlang/", "/accounts/logout/")


class FormReader(HTMLParser):
    """The POST forms of a page: action and fields (name -> kind, options, value)."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self._form = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if (attrs.get("method") or "get").lower() == "post":
                self._form = {"action": attrs.get("action") or "", "fields": {}}
                self.forms.append(self._form)
            return
        if self._form is None or not attrs.get("name"):
            return
        name, fields = attrs["name"], self._form["fields"]
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            field = fields.setdefault(name, {"kind": kind, "options": [], "value": attrs.get("value", "")})
            if kind in ("radio", "checkbox"):
                field["options"].append(attrs.get("value", "on"))
        elif tag == "textarea":
            fields.setdefault(name, {"kind": "textarea", "options": [], "value": ""})
        elif tag == "select":
            self._select = fields.setdefault(name, {"kind": "select", "options": [], "value": ""})
        elif tag == "button" and attrs.get("value"):
            fields.setdefault(name, {"kind": "button", "options": [], "value": attrs["value"]})

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


class OptionReader(FormReader):
    def handle_starttag(self, tag, attrs):
        if tag == "option" and self._select is not None:
            self._select["options"].append(dict(attrs).get("value", ""))
            return
        super().handle_starttag(tag, attrs)


class ScriptFinder(HTMLParser):
    """Executable scripts carrying our payload: inline <script>, on* handlers, javascript: URLs."""

    def __init__(self):
        super().__init__()
        self.found = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        if tag == "script" and not dict(attrs).get("src"):
            self._in_script = True
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") and MARK in value:
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action", "formaction") and value.strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and MARK in data:
            self.found.append(f"<script>{data[:80]}</script>")


def read_forms(html):
    reader = OptionReader()
    reader.feed(html)
    return [form for form in reader.forms if not form["action"].startswith(FRAME_ACTIONS)]


def executable_payloads(html):
    finder = ScriptFinder()
    finder.feed(html)
    return finder.found


def field_strategy(field):
    hostile = st.sampled_from(HOSTILE)
    text = st.text(max_size=40)
    if field["kind"] in ("hidden", "button", "submit"):
        return st.just(field["value"]) if field["kind"] != "hidden" or field["value"] else hostile
    if field["kind"] == "file":
        return st.none()
    if field["options"]:
        choice = st.lists(st.sampled_from(field["options"]), max_size=2, unique=True)
        return st.one_of(choice, hostile, st.none())
    return st.one_of(hostile, text, st.integers(min_value=-10**12, max_value=10**12).map(str), st.none())


def payload_strategy(form):
    fields = {name: field for name, field in form["fields"].items() if name != "csrfmiddlewaretoken"}
    return st.fixed_dictionaries({name: field_strategy(field) for name, field in fields.items()})


def clean(data):
    out = {}
    for name, value in data.items():
        if value is None:
            continue
        out[name] = value
    return out


@pytest.fixture
def signed_in(world, db):
    clients = {}

    def client_for(who):
        if who not in clients:
            clients[who] = Client()
            clients[who].force_login(getattr(world, who))
        return clients[who]

    return client_for


def _same_site(location):
    parts = urlsplit(location)
    return not parts.netloc or parts.netloc == "testserver"


@pytest.mark.parametrize("case", [page[0] for page in PAGES])
def test_fuzz_forms(world, signed_in, case):
    _, who, url_of = next(page for page in PAGES if page[0] == case)
    client = signed_in(who)
    url = url_of(world)
    page = client.get(url)
    assert page.status_code == 200, f"{url}: {page.status_code}"
    forms = read_forms(page.content.decode())
    assert forms, f"{url}: no form to fuzz"
    form_strategy = st.sampled_from(forms).flatmap(lambda form: st.tuples(st.just(form), payload_strategy(form)))

    @settings(max_examples=15, deadline=None, database=None, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(form_and_data=form_strategy)
    def post_hostile(form_and_data):
        form, data = form_and_data
        action = form["action"] or url
        with transaction.atomic():
            response = client.post(action, clean(data))
            assert response.status_code < 500, f"{action}: {response.status_code}"
            pages = [response]
            if response.status_code in (301, 302) and _same_site(response["Location"]):
                pages.append(client.get(response["Location"]))
            pages.append(client.get(url))
            for shown in pages:
                assert shown.status_code < 500
                if "html" in shown.get("Content-Type", ""):
                    found = executable_payloads(shown.content.decode(errors="replace"))
                    assert not found, f"{action} stored a script: {found}"
            transaction.set_rollback(True)

    post_hostile()


def test_the_script_finder_sees_what_it_looks_for():
    assert executable_payloads("<p><script>alert(1)</script></p>")
    assert executable_payloads('<img src=x onerror=alert(1)>')
    assert executable_payloads('<a href=" javascript:alert(1)">x</a>')
    assert not executable_payloads("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")
    assert not executable_payloads('<input value="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;">')
    assert not executable_payloads('<script src="/static/js/app.js"></script>')


@pytest.mark.parametrize("who, url_of, field", [
    ("manager_b", lambda w: reverse("equipment_loans:booking_request"), "units"),
    ("manager_b", lambda w: reverse("resources:document_edit", args=[w.document.pk]), "themes"),
], ids=["kit-units", "document-themes"])
@pytest.mark.parametrize("big", ["-99999999999999999999", "99999999999999999999"])
def test_out_of_range_ids_are_a_form_error_not_a_crash(world, signed_in, who, url_of, field, big):
    """Found by the fuzz on SQLite, where an id past 64 bits reached sqlite3 and raised OverflowError."""
    response = signed_in(who).post(url_of(world), {"museum": world.museum_b.pk, "title": "x", field: big})
    assert response.status_code == 200
    assert big in response.context["form"].errors[field][0]
