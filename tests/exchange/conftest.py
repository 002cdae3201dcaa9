"""Exchange fixtures: listings posted and published through the services, people through the
membership services."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from equipment_loans.exchange import services
from equipment_loans.exchange.models import Category, Kind, Material, OfferType
from tests.factories import MuseumFactory, make_member
from tests.notifications.conftest import run_queue  # noqa: F401  (real queued tasks)


def jpeg(name="photo.jpg", size=(1200, 900), colour=(120, 30, 60)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def offer_data(**overrides) -> dict:
    data = {
        "kind": Kind.OFFER, "offer_type": OfferType.DONATION, "category": Category.SHOWCASES,
        "title": "Vitrine haute climatisable", "description": "Vitrine quatre faces.", "quantity": 3,
        "weight_kg": Decimal("100"), "material": Material.GLASS, "condition": "good",
    }
    data.update(overrides)
    return data


def publish_offer(museum, by, **overrides):
    listing = services.listing_create(museum=museum, by=by, data=offer_data(**overrides))
    return services.listing_publish(listing=listing, by=by)


def ask(listing, museum, by, quantity=1, **kwargs):
    return services.request_create(listing=listing, museum=museum, by=by, quantity=quantity,
                                   intended_use="Exposition d'été", **kwargs)


@pytest.fixture
def offer(museum_a, manager_a):
    """Louvre-Lens offers three showcases (100 kg each, glass)."""
    return publish_offer(museum_a, manager_a)


@pytest.fixture
def museum_c(db):
    return MuseumFactory(name="Musée de Picardie", slug="musee-de-picardie", city="Amiens", department="Somme",
                         department_code="80", latitude=49.89, longitude=2.30)


@pytest.fixture
def manager_c(museum_c):
    from extranet.models import Role

    return make_member(museum_c, role=Role.MANAGER, first_name="Claire")
