"""The marketplace map: a page that renders no listing, and the JSON feed its script fetches
(one marker per museum with its count; a museum's listings when its popup opens), which
shows what the list shows (same filters, same permissions) in a constant number of queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from equipment_loans.exchange import services
from equipment_loans.exchange.models import Category, Kind, Listing
from tests.factories import MuseumFactory

from .conftest import ask, offer_data, publish_offer

pytestmark = pytest.mark.django_db

LISTING_LINK = re.compile(r'href="/espace/materiel/annonces/(\d+)/"')


def feed(client, **params) -> dict:
    response = client.get(reverse("exchange:map_feed"), params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def feed_ids(client, **params) -> set[int]:
    """Every listing the map shows: the listings of each marker's popup."""
    ids = set()
    for marker in feed(client, **params)["markers"]:
        popup = feed(client, **params, museum=marker["slug"])
        assert len(popup["listings"]) == marker["count"]
        ids |= {item[0] for item in popup["listings"]}
    return ids


def list_ids(client, **params) -> set[int]:
    html = client.get(reverse("exchange:list"), params).content.decode()
    return {int(pk) for pk in LISTING_LINK.findall(html)}


def test_the_map_page_renders_no_listing_and_links_to_the_list_with_the_same_filters(client, museum_a, manager_a, member_a):
    publish_offer(museum_a, manager_a, title="Vitrine de la Galerie du temps")
    client.force_login(member_a)
    response = client.get(reverse("exchange:map"), {"category": "showcases", "kind": "offer"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vitrine de la Galerie du temps" not in html
    assert 'href="/espace/materiel/?category=showcases&amp;kind=offer"' in html
    assert 'data-feed="/espace/materiel/carte/annonces.json?category=showcases&amp;kind=offer"' in html
    # Our scripts only, none inline (the Content-Security-Policy allows no other).
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts and all(" src=" in tag for tag in scripts), scripts
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "connect-src 'self'" in response["Content-Security-Policy"]


def test_the_feed_gives_one_marker_per_museum_and_its_listings_when_the_popup_opens(
    client, museum_a, manager_a, museum_b, manager_b
):
    first = publish_offer(museum_a, manager_a, title="Vitrine haute")
    second = publish_offer(museum_a, manager_a, title="Socle bas", category=Category.PLINTHS)
    client.force_login(manager_b)
    payload = feed(client)
    assert payload["markers"] == [
        {"slug": "louvre-lens", "name": "Louvre-Lens", "city": "Lens", "lat": 50.29, "lng": 2.78, "count": 2}
    ]
    assert "Vitrine" not in str(payload)
    assert (payload["count"], payload["summary"]) == (2, "2 annonces dans 1 musée")

    popup = feed(client, museum="louvre-lens")
    assert popup["listings"] == [[second.pk, "Socle bas", "offer"], [first.pk, "Vitrine haute", "offer"]]
    assert popup["kinds"]["offer"] == "Offre"
    assert popup["list_label"] == "Voir ces 2 annonces dans la liste"
    url = popup["listing_url"].replace("{id}", str(first.pk))
    assert url == first.get_absolute_url()
    assert client.get(url).status_code == 200
    # The popup's link: the list, with the museum and the map's filters.
    assert feed(client, museum="louvre-lens", category="plinths")["list_url"] == "/espace/materiel/?museum=louvre-lens&category=plinths"
    html = client.get("/espace/materiel/?museum=louvre-lens&category=plinths").content.decode()
    assert "Socle bas" in html and "Vitrine haute" not in html and "musée : Louvre-Lens" in html


def test_the_feed_answers_400_to_filters_it_cannot_read(client, member_a):
    client.force_login(member_a)
    response = client.get(reverse("exchange:map_feed"), {"museum": "no-such-museum"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["museum"]
    assert client.get(reverse("exchange:map_feed"), {"category": "spaceships"}).status_code == 400


def test_the_feed_is_private_to_the_signed_in_member(client, museum_a, manager_a, member_a):
    publish_offer(museum_a, manager_a, title="Vitrine haute")
    response = client.get(reverse("exchange:map_feed"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert "Vitrine" not in response.content.decode()
    client.force_login(member_a)
    response = client.get(reverse("exchange:map_feed"))
    assert "private" in response["Cache-Control"]


def test_the_feed_only_holds_the_published_and_promised_listings_a_member_may_see(
    client, museum_a, manager_a, museum_b, manager_b, museum_c, manager_c
):
    published = publish_offer(museum_a, manager_a, title="Publiée")
    promised = publish_offer(museum_a, manager_a, title="Promise", quantity=1)
    services.listing_promise(exchange_request=ask(promised, museum_b, manager_b), quantity=1, by=manager_a)
    draft = services.listing_create(museum=museum_a, by=manager_a, data=offer_data(title="Brouillon"))
    withdrawn = services.listing_withdraw(listing=publish_offer(museum_a, manager_a, title="Retirée"), by=manager_a)
    wanted = publish_offer(museum_c, manager_c, title="Recherche close", kind=Kind.WANTED, offer_type="")
    closed = services.listing_close(listing=wanted, by=manager_c)
    other_draft = services.listing_create(museum=museum_c, by=manager_c, data=offer_data(title="Brouillon d'Amiens"))
    assert Listing.objects.get(pk=promised.pk).status == "promised"
    assert (withdrawn.status, closed.status) == ("withdrawn", "closed")

    client.force_login(manager_b)
    assert feed_ids(client) == {published.pk, promised.pk}
    assert [marker["slug"] for marker in feed(client)["markers"]] == ["louvre-lens"]  # nothing left at Amiens
    # Its own drafts are on the museum's page, not on the network's map.
    client.force_login(manager_a)
    ids = feed_ids(client)
    assert ids == {published.pk, promised.pk}
    assert draft.pk not in ids and other_draft.pk not in ids
    assert feed(client, museum="musee-de-picardie")["listings"] == []


def test_the_feed_applies_the_filters_of_the_list(client, museum_a, manager_a, museum_b, manager_b, museum_c, manager_c):
    publish_offer(museum_a, manager_a, title="Vitrine de Lens")
    publish_offer(museum_a, manager_a, title="Cimaise prêtée", category=Category.RAILS_PANELS, offer_type="loan",
                  loan_duration_months=3)
    publish_offer(museum_c, manager_c, title="Socle d'Amiens", category=Category.PLINTHS)
    publish_offer(museum_c, manager_c, title="Recherche vitrines", kind=Kind.WANTED, offer_type="")
    publish_offer(MuseumFactory(department_code="59", department="Nord", latitude=50.69, longitude=3.17), manager_a,
                  title="Socle de Roubaix", category=Category.PLINTHS)
    client.force_login(manager_b)
    everything = feed_ids(client)
    assert len(everything) == 5
    for params in ({"category": "plinths"}, {"kind": "wanted"}, {"offer_type": "loan"}, {"department": "80"},
                   {"distance": "50"}, {"q": "socle"}, {"category": "plinths", "department": "59"}):
        ids = feed_ids(client, **params)
        assert ids == list_ids(client, **params), params
        assert ids and ids < everything, params
    payload = feed(client, q="nothing of the kind")
    assert payload["markers"] == [] and payload["summary"] == "Aucune annonce ne correspond à ces filtres."


def test_the_map_page_and_its_feed_need_the_same_queries_with_5_and_50_listings(
    client, museum_a, manager_a, manager_b, django_assert_num_queries
):
    def add_listings(n):
        for i in range(n):
            museum = museum_a if i % 2 else MuseumFactory(latitude=49 + i / 100, longitude=2 + i / 100)
            publish_offer(museum, manager_a, title=f"Vitrine {i}")

    def queries(url):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx)

    add_listings(5)
    client.force_login(manager_b)
    feed_url = reverse("exchange:map_feed")
    urls = [reverse("exchange:map"), feed_url, f"{feed_url}?distance=50", f"{feed_url}?museum={museum_a.slug}"]
    client.get(urls[0])  # warm the per-process caches (content types, site)
    counts = [queries(url) for url in urls]
    assert (len(feed(client)["markers"]), len(feed(client, museum=museum_a.slug)["listings"])) == (4, 2)
    add_listings(45)
    assert (len(feed(client)["markers"]), len(feed(client, museum=museum_a.slug)["listings"])) == (27, 24)
    for url, count in zip(urls, counts, strict=True):
        with django_assert_num_queries(count):
            client.get(url)
    assert max(counts) <= 6, counts
