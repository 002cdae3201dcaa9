"""Demo content of the kit: the inventory from extranet/data/conservation_kit.csv, consumables
and a few bookings. Idempotent: `load_demo` calls `load_kit_demo()` on every run."""

import csv
import math
import re
from datetime import datetime, time, timedelta
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from extranet.models import Museum, User

from . import services
from .models import (
    Booking,
    BookingEvent,
    BookingStatus,
    BookingUnit,
    Consumable,
    Handover,
    KitItemType,
    KitUnit,
    Return,
    blocked_until,
)

KIT_CSV = Path(__file__).resolve().parent.parent / "extranet" / "data" / "conservation_kit.csv"
PREFIXES = {
    "thermo-hygrometre-enregistreur": "TH",
    "luxmetre": "LUX",
    "aspirateur-a-micro-aspiration": "ASP",
    "kit-danoxie-statique-a": "ANOX-A",
    "kit-danoxie-statique-b": "ANOX-B",
}
CONSUMABLES = [
    ("Absorbeurs d'oxygène", "sachets", 120),
    ("Film barrière", "mètres", 40),
]


def _prefix(slug: str) -> str:
    return PREFIXES.get(slug) or "".join(w[0] for w in re.findall(r"[a-z]+", slug) if len(w) > 2).upper()[:4] or "KIT"


@transaction.atomic
def load_kit(path: Path = KIT_CSV) -> list[KitItemType]:
    """Item types and units from the CSV; running it again changes nothing."""
    types = []
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            slug = slugify(row["name"])
            item_type, _created = KitItemType.objects.update_or_create(
                slug=slug,
                defaults={
                    "name": row["name"], "category": row["category"], "description": row["description"],
                    "is_anoxia_kit": "anoxie" in row["category"].lower(),
                },
            )
            prefix = _prefix(slug)
            for n in range(1, int(row["units"]) + 1):
                KitUnit.objects.get_or_create(
                    inventory_number=f"{prefix}-{n:02d}" if int(row["units"]) > 1 or prefix in ("TH", "LUX") else prefix,
                    defaults={"item_type": item_type, "storage_place": "Réserve de Musenor, Lille"},
                )
            types.append(item_type)
    anoxia = KitItemType.objects.filter(is_anoxia_kit=True).order_by("name").first()
    for name, unit_label, stock in CONSUMABLES:
        Consumable.objects.get_or_create(name=name, defaults={"unit_label": unit_label, "stock": stock, "item_type": anoxia})
    return types


def demo_logger_csv(start: datetime, days: int = 14) -> str:
    """A believable logger export: readings every 30 minutes, a daily cycle, a humid spell."""
    lines = ["Horodatage;Température (°C);Humidité relative (%)"]
    for i in range(days * 48):
        t = start + timedelta(minutes=30 * i)
        hours = i / 2
        temperature = 19.5 + 1.8 * math.sin(2 * math.pi * hours / 24) + 0.15 * hours / 24
        humidity = 52 + 5 * math.sin(2 * math.pi * hours / 24 + 1) + (9 if 140 < hours < 200 else 0)
        lines.append(f"{t:%d/%m/%Y %H:%M};{temperature:.1f}".replace(".", ",") + f";{humidity:.1f}".replace(".", ","))
    return "\n".join(lines) + "\n"


def load_kit_demo() -> None:
    """The inventory, and (once) a few bookings for the demo museums."""
    load_kit()
    if Booking.objects.exists():
        return
    louvre = Museum.objects.filter(name="Louvre-Lens").first()
    piscine = Museum.objects.filter(name="La Piscine").first()
    member = User.objects.filter(email="equipe.louvre-lens@demo.example").first()
    manager_b = User.objects.filter(email="gestion.la-piscine@demo.example").first()
    coordinator = User.objects.filter(email="coordination@demo.example").first()
    if not (louvre and piscine and member and manager_b and coordinator):
        return
    today = timezone.localdate()
    loggers = KitItemType.objects.get(slug="thermo-hygrometre-enregistreur")
    anoxia = KitItemType.objects.filter(is_anoxia_kit=True).order_by("name").first()
    with transaction.atomic():
        # A past loan, closed, with its logger export: the museum's history.
        past = Booking.objects.create(
            museum=louvre, requested_by=member, pickup_date=today - timedelta(days=40), return_date=today - timedelta(days=26),
            purpose="Suivi du climat de la réserve 2 après les travaux de toiture.", collection="Arts graphiques",
            contact="Julien Lefebvre, 03 21 00 00 00", status=BookingStatus.CLOSED,
            created_at=timezone.make_aware(datetime.combine(today - timedelta(days=47), time(9, 0))),
        )
        unit = loggers.units.order_by("inventory_number").first()
        BookingUnit.objects.create(booking=past, unit=unit, starts_on=past.pickup_date, ends_before=blocked_until(past.return_date))
        Handover.objects.create(booking=past, handed_over_on=past.pickup_date, condition_notes="Bon état.", by=coordinator)
        Return.objects.create(booking=past, returned_on=past.return_date, condition_notes="Bon état, pile changée.", by=coordinator)
        steps = (("requested", member, -47), ("approved", coordinator, -45), ("handed_over", coordinator, -40),
                 ("returned", coordinator, -26), ("closed", coordinator, -25))
        for action, who, day in steps:
            when = timezone.make_aware(datetime.combine(today + timedelta(days=day), time(9, 30)))
            BookingEvent.objects.create(booking=past, action=action, to_status=action, actor=who, created_at=when)
        start = timezone.make_aware(datetime.combine(past.pickup_date, time(10, 0)))
        services.logger_file_attach(
            booking=past, file=ContentFile(demo_logger_csv(start).encode("utf-8"), name="reserve-2.csv"), by=member
        )
    approved = services.kit_booking_request(
        museum=louvre, pickup_date=today + timedelta(days=5), return_date=today + timedelta(days=19),
        purpose="Mesures dans les vitrines de la Galerie du temps avant l'exposition d'été.", collection="Galerie du temps",
        contact="Julien Lefebvre, 03 21 00 00 00", item_types={loggers: 2}, by=member,
    )
    services.kit_booking_approve(booking=approved, by=coordinator, message="Retrait à la réserve de Lille, 9 h.")
    if anoxia is not None:
        services.kit_booking_request(
            museum=piscine, pickup_date=today + timedelta(days=10), return_date=today + timedelta(days=31),
            purpose="Traitement d'un fauteuil infesté (vrillettes).", collection="Mobilier",
            contact="Sophie Delattre, 03 20 00 00 00", item_types={anoxia: 1}, by=manager_b,
        )
