"""The exchange's pages as members use them: who sees what, 404 for everyone else, and the
query counts of the list, the map and a listing page."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from equipment_loans.exchange import services
from equipment_loans.exchange.models import Category, ExchangeRequest, Listing, ListingPhoto, RequestMessage
from extranet.models import Role
from tests.factories import MuseumFactory, make_coordinator, make_member

from .conftest import ask, jpeg, offer_data, publish_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_user(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


def test_a_manager_posts_an_offer_with_photos_and_the_thumbnails_are_made_on_the_server(as_user, museum_a, manager_a):
    client = as_user(manager_a)
    data = {**offer_data(), "photos": [jpeg("a.jpg", size=(3000, 2000)), jpeg("b.jpg")],
            "museum": 999, "status": "published", "quantity_promised": 5}  # extra fields posted by hand: ignored
    data = {k: v for k, v in data.items() if v is not None}
    response = client.post(reverse("exchange:create", args=[museum_a.slug]), data)
    assert response.status_code == 302
    listing = Listing.objects.get()
    assert (listing.museum, listing.status, listing.quantity_promised) == (museum_a, "draft", 0)
    photos = list(listing.photos.all())
    assert len(photos) == 2
    from PIL import Image

    with Image.open(photos[0].thumbnail.path) as thumb, Image.open(photos[0].image.path) as full:
        assert max(thumb.size) == 480 and max(full.size) == 1600
    assert "protected-media" in photos[0].image.path  # private storage, never under MEDIA_ROOT


def test_photos_of_a_draft_are_404_to_other_museums_and_served_once_published(as_user, museum_a, manager_a, manager_b):
    listing = services.listing_create(museum=museum_a, by=manager_a, data=offer_data(), photos=[jpeg()])
    photo = ListingPhoto.objects.get()
    url = reverse("exchange:photo", args=[photo.pk, "thumb"])
    client = as_user(manager_b)
    assert client.get(url).status_code == 404
    assert client.get(listing.get_absolute_url()).status_code == 404
    services.listing_publish(listing=listing, by=manager_a)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"


def test_editing_another_museums_listing_is_404_and_changes_nothing(as_user, offer, manager_b):
    client = as_user(manager_b)
    url = reverse("exchange:edit", args=[offer.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {**offer_data(title="Piraté"), "quantity": 99}).status_code == 404
    for action in ("retirer", "clore", "publier"):
        assert client.post(reverse("exchange:transition", args=[offer.pk, action])).status_code == 404
    offer.refresh_from_db()
    assert (offer.title, offer.quantity, offer.status) == ("Vitrine haute climatisable", 3, "published")


def test_a_request_thread_is_seen_by_the_two_museums_only(as_user, offer, museum_b, manager_b, manager_a, member_a):
    req = ask(offer, museum_b, manager_b, message="Nous sommes intéressés.")
    url = reverse("exchange:request_detail", args=[req.pk])
    stranger = make_member(MuseumFactory(), role=Role.MANAGER)
    coordinator = make_coordinator()
    TOTP.activate(coordinator, generate_totp_secret())  # coordinators must use two-factor auth
    for user, status in ((manager_a, 200), (member_a, 200), (manager_b, 200), (stranger, 404), (coordinator, 404)):
        client = as_user(user)
        response = client.get(url)
        assert response.status_code == status, user
        assert client.post(url, {"body": "Bonjour"}).status_code == (302 if status == 200 else 404)
        client.logout()
    # The stranger's and the coordinator's posts left nothing.
    assert RequestMessage.objects.filter(request=req).count() == 1 + 3


def test_only_the_offering_museum_promises_and_hands_over(as_user, offer, museum_b, manager_b, manager_a):
    req = ask(offer, museum_b, manager_b)
    client = as_user(manager_b)
    assert client.post(reverse("exchange:promise", args=[req.pk]), {"quantity": 1}).status_code == 404
    assert client.post(reverse("exchange:request_transition", args=[req.pk, "remise"])).status_code == 404
    req.refresh_from_db()
    assert req.status == "pending"
    client = as_user(manager_a)
    # Handing over before promising: refused with a message, nothing changes.
    response = client.post(reverse("exchange:request_transition", args=[req.pk, "remise"]), follow=True)
    assert "Seul ce qui a été promis" in response.content.decode() or "promis" in response.content.decode()
    req.refresh_from_db()
    assert req.status == "pending"
    assert client.post(reverse("exchange:promise", args=[req.pk]), {"quantity": 1}).status_code == 302
    req.refresh_from_db()
    assert req.status == "promised"


def test_a_museum_cannot_request_its_own_listing_through_the_form(as_user, offer, museum_a, member_a):
    client = as_user(member_a)
    response = client.post(reverse("exchange:request_create", args=[offer.pk]),
                           {"museum": museum_a.pk, "quantity": 1, "intended_use": "x"})
    assert response.status_code == 200
    assert ExchangeRequest.objects.count() == 0


def test_the_list_filters_by_category_kind_and_distance(as_user, museum_a, manager_a, museum_b, manager_b, museum_c, manager_c):
    publish_offer(museum_a, manager_a, title="Vitrine de Lens")
    publish_offer(museum_c, manager_c, title="Socle d'Amiens", category=Category.PLINTHS)
    client = as_user(manager_b)  # La Piscine, Roubaix: Lens is ~38 km away, Amiens ~110 km
    url = reverse("exchange:list")
    html = client.get(url).content.decode()
    assert "Vitrine de Lens" in html and "Socle d&#x27;Amiens" in html
    html = client.get(url, {"category": "plinths"}).content.decode()
    assert "Vitrine de Lens" not in html and "Socle d&#x27;Amiens" in html
    html = client.get(url, {"distance": "50"}).content.decode()
    assert "Vitrine de Lens" in html and "Socle d&#x27;Amiens" not in html
    html = client.get(url, {"kind": "wanted"}).content.decode()
    assert "Vitrine de Lens" not in html


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


def test_the_list_the_map_and_a_listing_page_need_the_same_queries_with_more_listings(
    as_user, museum_a, manager_a, museum_b, manager_b
):
    first = publish_offer(museum_a, manager_a)
    services.listing_update(listing=first, by=manager_a, data={}, photos=[jpeg(), jpeg()])
    ask(first, museum_b, manager_b)
    client = as_user(manager_a)
    urls = [reverse("exchange:list"), reverse("exchange:map"), first.get_absolute_url()]
    client.get(urls[0])  # warm the per-process caches (content types, site)
    before = [_queries(client, url) for url in urls]
    for i in range(10):
        listing = publish_offer(MuseumFactory(), manager_a, title=f"Vitrine {i}")
        services.listing_update(listing=listing, by=manager_a, data={}, photos=[jpeg()])
    after = [_queries(client, url) for url in urls]
    assert after == before
    assert max(before) <= 30, before


def test_the_listing_page_needs_the_same_queries_with_more_requests_and_photos(as_user, offer, manager_a, manager_b):
    client = as_user(manager_a)
    client.get(offer.get_absolute_url())
    before = _queries(client, offer.get_absolute_url())
    for _i in range(5):
        museum = MuseumFactory()
        ExchangeRequest.objects.create(listing=offer, museum=museum, requested_by=manager_b, quantity=1, intended_use="x")
    services.listing_update(listing=offer, by=manager_a, data={}, photos=[jpeg(), jpeg(), jpeg()])
    assert _queries(client, offer.get_absolute_url()) == before


def test_the_impact_page_names_its_source_next_to_the_figures(as_user, offer, museum_b, manager_b, manager_a):
    req = ask(offer, museum_b, manager_b, quantity=2)
    services.listing_promise(exchange_request=req, quantity=2, by=manager_a)
    services.request_hand_over(exchange_request=req, by=manager_a)
    client = as_user(manager_b)
    html = client.get(reverse("exchange:impact")).content.decode()
    assert "200</span> kg" in html and "ADEME" in html and "estimation" in html.lower()
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert 'data-figure="network-kg">200<' in dashboard


def test_the_dashboard_panel_is_hidden_while_nothing_was_handed_over(as_user, offer, manager_b):
    assert "data-figure" not in as_user(manager_b).get(reverse("dashboard")).content.decode()


def test_listings_are_found_through_the_one_search_page(as_user, offer, manager_b, tmp_path, settings):
    from django.core.management import call_command
    from haystack import connections

    original = connections.connections_info["default"]["PATH"]
    connections.connections_info["default"]["PATH"] = str(tmp_path / "whoosh")
    connections.reload("default")
    try:
        call_command("rebuild_index", interactive=False, verbosity=0)
        html = as_user(manager_b).get(reverse("search"), {"q": "vitrines"}).content.decode()
        assert offer.get_absolute_url() in html
    finally:
        connections.connections_info["default"]["PATH"] = original
        connections.reload("default")
