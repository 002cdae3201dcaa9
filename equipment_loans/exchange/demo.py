"""Demo content of the equipment exchange: the Louvre-Lens giving away the display furniture of
its Galerie du temps as one lot (the network's first real case), a few other offers and
wanted ads, and one finished hand-over so the impact figures show. Idempotent: `load_demo`
calls `load_exchange_demo()` on every run and it adds nothing the second time."""

import io
from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from extranet.models import Museum, User

from . import services
from .models import Category, Kind, Lot, Material, OfferType

LOT_TITLE = "Mobilier de la Galerie du temps"


def demo_photo(name: str, *, colour=(122, 31, 61), shape: str = "showcase") -> SimpleUploadedFile:
    """A drawn stand-in for a photo (a showcase or a plinth), so the demo needs no files."""
    image = Image.new("RGB", (800, 600), (236, 232, 226))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 470, 800, 600), fill=(200, 194, 186))
    if shape == "showcase":
        draw.rectangle((250, 330, 550, 480), fill=colour)
        draw.rectangle((270, 110, 530, 330), outline=(90, 110, 120), width=6, fill=(214, 228, 232))
    else:
        draw.rectangle((320, 200, 480, 480), fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def _offer(museum, by, *, lot=None, publish=True, photos=(), **data):
    data.setdefault("kind", Kind.OFFER)
    listing = services.listing_create(museum=museum, by=by, lot=lot, data=data, photos=photos)
    if publish and lot is None:
        services.listing_publish(listing=listing, by=by)
    return listing


def load_exchange_demo() -> None:
    """Louvre-Lens's Galerie du temps lot, other offers and wanted ads, one hand-over."""
    louvre = Museum.objects.filter(name="Louvre-Lens").first()
    piscine = Museum.objects.filter(name="La Piscine").first()
    manager_a = User.objects.filter(email="gestion.louvre-lens@demo.example").first()
    manager_b = User.objects.filter(email="gestion.la-piscine@demo.example").first()
    if not (louvre and piscine and manager_a and manager_b):
        return
    if Lot.objects.filter(museum=louvre, title=LOT_TITLE).exists():
        return
    today = timezone.localdate()
    lot = services.lot_create(museum=louvre, by=manager_a, data={
        "title": LOT_TITLE,
        "exhibition": "Galerie du temps",
        "description": "Le renouvellement de la Galerie du temps libère son mobilier de présentation : vitrines, "
                       "socles et cimaises, en bon état, à donner aux musées du réseau.",
        "pickup_from": today + timedelta(days=14),
        "pickup_until": today + timedelta(days=45),
        "pickup_details": "Quai de livraison côté réserves, du lundi au jeudi, 9 h – 16 h. Prévoir un hayon.",
    })
    common = {"offer_type": OfferType.DONATION, "dismantling_needed": True, "transport_by_taker": True,
              "access_constraints": "Accès poids lourds par la rue Paul Bert ; monte-charge 2 t."}
    _offer(louvre, manager_a, lot=lot, photos=[demo_photo("vitrine-haute-1.jpg"), demo_photo("vitrine-haute-2.jpg")],
           category=Category.SHOWCASES, title="Vitrine haute climatisable", quantity=6,
           description="Vitrine haute vitrée quatre faces, caisson technique pour le contrôle de l'humidité.",
           width_cm=Decimal("120"), depth_cm=Decimal("60"), height_cm=Decimal("220"), weight_kg=Decimal("180"),
           material=Material.MIXED, condition="good", **common)
    _offer(louvre, manager_a, lot=lot, photos=[demo_photo("vitrine-table.jpg", colour=(60, 60, 60))],
           category=Category.SHOWCASES, title="Vitrine table", quantity=4,
           description="Vitrine basse à plateau incliné, verre feuilleté.",
           width_cm=Decimal("150"), depth_cm=Decimal("80"), height_cm=Decimal("95"), weight_kg=Decimal("90"),
           material=Material.GLASS, condition="good", **common)
    _offer(louvre, manager_a, lot=lot, photos=[demo_photo("socle.jpg", colour=(240, 240, 240), shape="plinth")],
           category=Category.PLINTHS, title="Socles en MDF laqué blanc", quantity=20,
           description="Socles de hauteurs variées (40 à 110 cm), quelques éclats sur les arêtes.",
           width_cm=Decimal("40"), depth_cm=Decimal("40"), height_cm=Decimal("90"), weight_kg=Decimal("25"),
           material=Material.WOOD, condition="fair", **{**common, "dismantling_needed": False})
    _offer(louvre, manager_a, lot=lot, category=Category.RAILS_PANELS, title="Cimaises acier et panneaux", quantity=12,
           description="Rails d'accrochage en acier et panneaux muraux.", weight_kg=Decimal("15"),
           material=Material.STEEL, condition="good", **common)
    services.lot_publish(lot=lot, by=manager_a)

    lam = Museum.objects.filter(name="LaM").first()
    picardie = Museum.objects.filter(name="Musée de Picardie").first()
    if lam is not None:
        staff = User.objects.filter(memberships__museum=lam, memberships__ended_at__isnull=True).first()
        if staff is not None:
            _offer(lam, staff, category=Category.LIGHTING, title="Projecteurs LED sur rail", quantity=15,
                   offer_type=OfferType.LOAN, loan_duration_months=6, weight_kg=Decimal("2"),
                   material=Material.ALUMINIUM, condition="good",
                   description="Projecteurs 3000 K, optiques interchangeables, prêtés pour une exposition temporaire.")
    if picardie is not None:
        staff = User.objects.filter(memberships__museum=picardie, memberships__ended_at__isnull=True).first()
        if staff is not None:
            _offer(picardie, staff, kind=Kind.WANTED, category=Category.SHOWCASES,
                   title="Recherche vitrines pour l'exposition d'automne", quantity=3, material=Material.MIXED,
                   description="Trois vitrines hautes pour présenter des objets archéologiques.")
    _offer(piscine, manager_b, kind=Kind.WANTED, category=Category.PLINTHS, title="Recherche socles pour la salle textile",
           quantity=8, material=Material.WOOD, description="Socles bas pour des mannequins.")
    packing = _offer(piscine, manager_b, category=Category.PACKING, title="Caisses de transport isothermes",
                     quantity=3, offer_type=OfferType.DONATION, weight_kg=Decimal("40"), material=Material.WOOD,
                     condition="good", description="Caisses en contreplaqué doublées de mousse, après une exposition itinérante.",
                     exhibition="Exposition itinérante Art déco")
    # One finished exchange, so the impact figures have something to show.
    req = services.request_create(listing=packing, museum=louvre, by=manager_a, quantity=1,
                                  intended_use="Transport des prêts pour la prochaine exposition.",
                                  exhibition="Exposition de printemps", message="Bonjour, une caisse nous rendrait service.")
    services.request_message_add(exchange_request=req, by=manager_b, museum=piscine, body="Avec plaisir, passez mardi.")
    services.listing_promise(exchange_request=req, quantity=1, by=manager_b)
    services.request_hand_over(exchange_request=req, by=manager_b)
