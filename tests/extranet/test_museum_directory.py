"""The museum directory at any size: a list shown one page at a time (links keep the filters)
and a map whose markers come from a JSON feed holding every museum the filters match, both
in a constant number of queries (benchmark issue #9, country scale)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from extranet.views import MUSEUMS_PER_PAGE
from tests.factories import MuseumFactory, make_member

pytestmark = pytest.mark.django_db

CARD_LINK = re.compile(r'<li class="card">\s*<a href="/espace/musees/([\w-]+)/">')


def museums_in_arras(n, *, start=0, **fields):
    """`n` museums of the Pas-de-Calais, "Musée d'essai …", each at its own position."""
    return [
        MuseumFactory(name=f"Musée d'essai {start + i:03d}", slug=f"essai-{start + i:03d}",
                      latitude=50.0 + (start + i) / 1000, longitude=2.5 + (start + i) / 1000, **fields)
        for i in range(n)
    ]


def listed(client, **params) -> list[str]:
    """The slugs of the museums one page of the list shows."""
    response = client.get(reverse("museum_list"), params)
    assert response.status_code == 200
    return CARD_LINK.findall(response.content.decode())


def feed(client, **params) -> list[list]:
    response = client.get(reverse("museum_map_feed"), params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()["markers"]


@pytest.fixture
def signed_in(client, museum_a):
    client.force_login(make_member(museum_a))
    return client


def test_the_list_shows_one_page_at_a_time_and_its_links_keep_the_filters(signed_in, museum_b):
    client = signed_in
    museums_in_arras(MUSEUMS_PER_PAGE + 5)
    MuseumFactory(name="Musée d'essai de Lille", slug="essai-lille", city="Lille", department_code="59", department="Nord")
    filters = {"q": "ESSAI", "department": "62"}

    first = client.get(reverse("museum_list"), filters).content.decode()
    assert f"{MUSEUMS_PER_PAGE + 5} musées" in first  # every match counted, not the page
    assert CARD_LINK.findall(first) == [f"essai-{i:03d}" for i in range(MUSEUMS_PER_PAGE)]
    assert 'href="?q=ESSAI&amp;department=62&amp;page=2" rel="next"' in first  # the filters as applied
    assert 'rel="prev"' not in first

    second = client.get(reverse("museum_list"), {**filters, "page": 2}).content.decode()
    assert f"{MUSEUMS_PER_PAGE + 5} musées" in second
    assert CARD_LINK.findall(second) == [f"essai-{i:03d}" for i in range(MUSEUMS_PER_PAGE, MUSEUMS_PER_PAGE + 5)]
    assert 'href="?q=ESSAI&amp;department=62&amp;page=1" rel="prev"' in second
    assert "Page 2 sur 2" in second and 'rel="next"' not in second

    # Without filters: the Lille museum, the Louvre-Lens and La Piscine on the pages too.
    pages = listed(client) + listed(client, page=2)
    assert len(pages) == len(set(pages)) == MUSEUMS_PER_PAGE + 5 + 3
    # Each card still says how many people work there (the member signed in, at the Louvre-Lens).
    html = client.get(reverse("museum_list"), {"q": "lens"}).content.decode()
    assert re.search(r"Louvre-Lens</strong></a>\s*<span[^>]*>[^<]*</span>\s*<span class=\"badge\">1 membre</span>", html)


def test_a_page_number_it_cannot_read_gives_the_first_page_and_one_past_the_end_the_last(signed_in):
    client = signed_in
    museums_in_arras(MUSEUMS_PER_PAGE + 2)  # 103 with the Louvre-Lens: two pages
    first = listed(client)
    assert listed(client, page="deux") == listed(client, page="-3") == first
    last = listed(client, page=2)
    assert len(last) == 3 and listed(client, page=9) == last


def test_the_feed_gives_every_museum_of_every_page_with_the_filters_of_the_list(signed_in, museum_a, museum_b):
    client = signed_in
    museums_in_arras(MUSEUMS_PER_PAGE + 5)
    MuseumFactory(name="Musée d'essai sans position", slug="essai-nulle-part", latitude=None, longitude=None)
    MuseumFactory(name="Musée d'essai de Lille", slug="essai-lille", city="Lille", department_code="59", department="Nord",
                  latitude=50.64, longitude=3.06)

    markers = feed(client, q="essai", department="62")
    assert len(markers) == MUSEUMS_PER_PAGE + 5  # both pages of the list, less the museum without a position
    assert markers[0] == ["Musée d'essai 000", "Arras", "/espace/musees/essai-000/", 50.0, 2.5]
    assert client.get(markers[0][2]).status_code == 200
    slugs = {url.split("/")[-2] for _name, _town, url, _lat, _lng in markers}
    assert slugs == set(listed(client, q="essai", department="62") + listed(client, q="essai", department="62", page=2)) - {
        "essai-nulle-part"
    }

    # The list's other filters: a department alone, words of a name and a town, nothing.
    assert [m[0] for m in feed(client, department="59")] == ["La Piscine", "Musée d'essai de Lille"]
    assert [m[0] for m in feed(client, q="piscine ROUBAIX")] == ["La Piscine"]
    assert len(feed(client)) == MUSEUMS_PER_PAGE + 5 + 3


def test_the_page_carries_no_marker_but_the_feed_address_with_its_filters(signed_in):
    response = signed_in.get(reverse("museum_list"), {"q": "lens", "department": "62", "utm": "x"})
    html = response.content.decode()
    assert 'data-feed="/espace/musees/carte.json?q=lens&amp;department=62"' in html
    assert "museum-markers" not in html and "50.29" not in html
    # Our scripts only, none inline (the Content-Security-Policy allows no other).
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts and all(" src=" in tag for tag in scripts), scripts
    assert "/static/js/museum-map.js" in html
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_feed_answers_400_with_the_form_errors_to_an_unknown_department(signed_in):
    response = signed_in.get(reverse("museum_map_feed"), {"department": "999"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["department"]
    # The list, asked the same, shows every museum (as before), so its map must too.
    assert 'data-feed="/espace/musees/carte.json"' in signed_in.get(reverse("museum_list"), {"department": "999"}).content.decode()


def test_a_visitor_is_sent_to_the_login_page_and_the_feed_is_private(client, museum_a):
    for url in (reverse("museum_list"), reverse("museum_map_feed")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")
        assert "Louvre-Lens" not in response.content.decode()
    client.force_login(make_member(museum_a))
    assert "private" in client.get(reverse("museum_map_feed"))["Cache-Control"]


@pytest.mark.parametrize("url_name", ["museum_list", "museum_map_feed"])
def test_the_page_and_the_feed_need_as_many_queries_for_60_museums_as_for_10(
    client, museum_a, url_name, django_assert_num_queries
):
    client.force_login(make_member(museum_a))
    url = reverse(url_name)
    for museum in museums_in_arras(9):
        make_member(museum)
    client.get(url)  # warm: session and caches
    with CaptureQueriesContext(connection) as ten:
        assert client.get(url).status_code == 200
    for museum in museums_in_arras(50, start=9):
        make_member(museum)
        make_member(museum)
    with django_assert_num_queries(len(ten)):
        response = client.get(url)
    shown = len(CARD_LINK.findall(response.content.decode())) if url_name == "museum_list" else len(response.json()["markers"])
    assert shown == 60
