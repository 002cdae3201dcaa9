"""Kit fixtures: an inventory made as coordinators make it, people made through the services."""

from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone

from equipment_loans import services
from equipment_loans.models import Consumable, KitItemType, KitUnit

# The browser fixtures of tests/browser/ (Debian's Chromium, live server with the demo content).
from tests.browser.conftest import browser, demo_site, member_page, member_state, new_context  # noqa: F401
from tests.factories import make_coordinator


def days(n: int):
    """The date `n` days from today."""
    return timezone.localdate() + timedelta(days=n)


@pytest.fixture
def loggers(db):
    """Six thermo-hygrometers."""
    item_type = KitItemType.objects.create(name="Thermo-hygromètre enregistreur", slug="thermo-hygrometre")
    for n in range(1, 7):
        KitUnit.objects.create(item_type=item_type, inventory_number=f"TH-{n:02d}")
    return item_type


@pytest.fixture
def vacuum(db):
    """The single micro-vacuum cleaner."""
    item_type = KitItemType.objects.create(name="Aspirateur à micro-aspiration", slug="aspirateur")
    KitUnit.objects.create(item_type=item_type, inventory_number="ASP")
    return item_type


@pytest.fixture
def vacuum_unit(vacuum):
    return vacuum.units.get()


@pytest.fixture
def absorbers(db):
    return Consumable.objects.create(name="Absorbeurs d'oxygène", unit_label="sachets", stock=20)


@pytest.fixture
def coordinator(db):
    user = make_coordinator(first_name="Camille")
    TOTP.activate(user, generate_totp_secret())  # coordinators must use two-factor auth
    return user


def request_booking(museum, user, *, start=10, end=12, item_types=None, units=None, **kwargs):
    """A booking request through the service, days counted from today."""
    return services.kit_booking_request(
        museum=museum, pickup_date=days(start), return_date=days(end), purpose="Mesures en réserve",
        contact="Julien, 03 21 00 00 00", item_types=item_types, units=units, by=user, **kwargs,
    )
