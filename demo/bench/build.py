"""Data set builders of the benchmark: bulk inserts, machina's counters recomputed afterwards.

The forum part reuses the forum engineer's builder (demo/management/commands/bench_forum.py);
the rest (museums beyond the 90 of the demo, documents with text, exhibitions, listings, kit
bookings, declared skills) is built here with bulk_create.
"""

import datetime
import random
import time
from decimal import Decimal

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from guardian.models import UserObjectPermission

from demo.management.commands.bench_forum import Command as ForumBench
from equipment_loans.exchange.models import Category, Kind, Listing, ListingStatus, Material, OfferType
from equipment_loans.models import ACTIVE_STATUSES, Booking, BookingStatus, BookingUnit, KitItemType, KitUnit, blocked_until
from extranet.models import Membership, Museum, fold
from resources import services as resource_services
from resources.demo import make_pdf
from resources.models import Document, DocumentKind, DocumentVersion, DocumentVisibility, Exhibition
from skills_directory.models import MemberSkill, Skill

SCALES = {
    "region": {"museums": 90, "members": 300, "posts": 20_000, "topics": 2_000, "documents": 3_000,
               "exhibitions": 500, "listings": 1_000, "bookings": 2_000},
    "smoke": {"museums": 90, "members": 30, "posts": 600, "topics": 60, "documents": 100,
              "exhibitions": 20, "listings": 50, "bookings": 100},  # a quick check of the command itself
    "country": {"museums": 1_200, "members": 10_000, "posts": 200_000, "topics": 20_000, "documents": 50_000,
                "exhibitions": 5_000, "listings": 10_000, "bookings": 20_000},
}

RARE_WORD = "zinzolin"  # in exactly one document: the search "with a rare word"
COMMON_WORD = "conservation"  # in every post and most documents

WORDS = ("conservation préventive climat hygrométrie vitrine réserve récolement inventaire prêt "
         "restauration anoxie lumière poussière emballage transport médiation collection numérisation "
         "exposition régie constat état papier textile bois métal céramique peinture photographie").split()

BENCH_MUSEUM_SLUG = "banc-essai"  # made by the forum builder, emptied and removed here


def analyze():
    """Table statistics, as autovacuum (PostgreSQL) keeps them on a live site after bulk inserts.

    Without them PostgreSQL believed a forum had 12 topics, not 3,335, and joined them all
    before sorting (topic list: 21 ms for that query instead of 1 ms). SQLite has ANALYZE too.
    """
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _text(rng, n_words):
    return " ".join(rng.choice(WORDS) for _ in range(n_words))


def build(scale: str, log=print) -> dict:
    """Build the whole data set of `scale` on an empty database; returns counts and timings."""
    size = SCALES[scale]
    rng = random.Random(9)
    timings = {}

    def step(name, fn, *args):
        start = time.perf_counter()
        result = fn(*args)
        timings[name] = time.perf_counter() - start
        log(f"  {name}: {timings[name]:.1f} s")
        return result

    started = time.perf_counter()
    step("demo content (load_demo)", lambda: call_command("load_demo", if_empty=True, verbosity=0))
    step("museums", build_museums, size["museums"])
    museums = list(Museum.objects.order_by("pk"))
    members = step("forum (bench_forum builder)", lambda: ForumBench().build(size["members"], size["topics"], size["posts"]))
    step("memberships spread", spread_members, members, museums)
    step("declared skills", build_skills, members, rng)
    step("documents", build_documents, size["documents"], members, museums, rng)
    step("exhibitions", build_exhibitions, size["exhibitions"], members, museums, rng)
    step("listings", build_listings, size["listings"], members, museums, rng)
    step("kit bookings", build_bookings, size["bookings"], members, museums, rng)
    step("planner statistics (ANALYZE)", analyze)
    timings["total"] = time.perf_counter() - started
    return {"members": members, "timings": timings}


def build_museums(n):
    """The demo's 90 museums, and more (country scale) spread over metropolitan France."""
    missing = n - Museum.objects.count()
    if missing <= 0:
        return
    rng = random.Random(12)
    Museum.objects.bulk_create([
        Museum(name=f"Musée d'essai {i}", slug=f"musee-essai-{i}", city=f"Ville {i}", department_code=f"{i % 95 + 1:02d}",
               department=f"Département {i % 95 + 1}", search_key=fold(f"Musée d'essai {i} Ville {i}"),
               latitude=Decimal(f"{rng.uniform(43.0, 50.9):.6f}"), longitude=Decimal(f"{rng.uniform(-4.5, 7.5):.6f}"))
        for i in range(missing)
    ], batch_size=1000)


def spread_members(members, museums):
    """The forum builder puts every member in one test museum: spread them over the network."""
    targets = [m for m in museums if m.slug != BENCH_MUSEUM_SLUG]
    memberships = list(Membership.objects.filter(user__in=members).order_by("user_id"))
    for i, membership in enumerate(memberships):
        membership.museum = targets[i % len(targets)]
    Membership.objects.bulk_update(memberships, ["museum"], batch_size=1000)
    # What extranet.services._sync_museum_permissions gives every active member, in bulk.
    act = Permission.objects.get(codename="act_for_museum", content_type__app_label="extranet")
    museum_type = ContentType.objects.get_for_model(Museum)
    UserObjectPermission.objects.bulk_create([
        UserObjectPermission(user_id=m.user_id, permission=act, content_type=museum_type, object_pk=str(m.museum_id))
        for m in memberships
    ], batch_size=1000)
    Museum.objects.filter(slug=BENCH_MUSEUM_SLUG, memberships__isnull=True).delete()


def build_skills(members, rng):
    skills = list(Skill.objects.order_by("pk"))
    if not skills:
        return
    rows = []
    for user in members:
        for skill in rng.sample(skills, min(3, len(skills))):
            rows.append(MemberSkill(user=user, skill=skill, level=rng.choice((1, 2, 3)), description=_text(rng, 12)))
    MemberSkill.objects.bulk_create(rows, batch_size=1000)


def build_documents(n, members, museums, rng):
    """One document made the normal way (its PDF stored by filer), the others share its file."""
    by = members[0]
    template = resource_services.document_create(
        by=by, uploaded=SimpleUploadedFile("banc-essai.pdf", make_pdf(["Banc d'essai"], title="Banc d'essai"),
                                           content_type="application/pdf"),
        title="Document d'essai 0", summary=_text(rng, 20), kind=DocumentKind.GUIDE, authors=by.get_full_name(),
        language="fr", visibility=DocumentVisibility.MEMBERS,
        museum=Museum.objects.filter(memberships__user=by, memberships__ended_at__isnull=True).first(),
    )
    today = timezone.localdate()
    kinds = [k for k in DocumentKind.values]
    docs = []
    for i in range(1, n):
        text = _text(rng, 300)
        if i == n // 2:
            text += f" {RARE_WORD}"
        author = members[i % len(members)]
        docs.append(Document(
            title=f"Document d'essai {i} : {_text(rng, 4)}", summary=_text(rng, 30), kind=kinds[i % len(kinds)],
            date=today - datetime.timedelta(days=i % 1500), authors=author.get_full_name(),
            museum=museums[i % len(museums)], language="fr", visibility=DocumentVisibility.MEMBERS,
            file_id=template.file_id, version_number=1, uploaded_by=author, extracted_text=text,
            text_extracted_version=1,
        ))
    with transaction.atomic():
        created = Document.objects.bulk_create(docs, batch_size=500)
        DocumentVersion.objects.bulk_create([
            DocumentVersion(document=d, number=1, file_id=template.file_id, uploaded_by=d.uploaded_by) for d in created
        ], batch_size=1000)


def build_exhibitions(n, members, museums, rng):
    today = timezone.localdate()
    rows = []
    for i in range(n):
        start = today + datetime.timedelta(days=rng.randint(-400, 400))
        rows.append(Exhibition(museum=museums[i % len(museums)], title=f"Exposition d'essai {i}", start=start,
                               end=start + datetime.timedelta(days=rng.randint(30, 180)),
                               description=_text(rng, 60), created_by=members[i % len(members)]))
    Exhibition.objects.bulk_create(rows, batch_size=1000)


def build_listings(n, members, museums, rng):
    now = timezone.now()
    rows = []
    for i in range(n):
        quantity = rng.randint(1, 6)
        rows.append(Listing(
            museum=museums[i % len(museums)], created_by=members[i % len(members)],
            kind=Kind.OFFER if i % 5 else Kind.WANTED, offer_type=OfferType.DONATION if i % 5 else "",
            category=rng.choice(Category.values), title=f"Annonce d'essai {i} : {_text(rng, 3)}",
            description=_text(rng, 40), quantity=quantity, quantity_available=quantity,
            material=rng.choice(Material.values), status=ListingStatus.PUBLISHED,
            published_at=now - datetime.timedelta(hours=i),
        ))
    Listing.objects.bulk_create(rows, batch_size=1000)


def build_bookings(n, members, museums, rng):
    """Bookings on units of their own (BENCH-…), back to back, never overlapping (PostgreSQL's
    exclusion constraint holds): the past ones closed, the coming ones approved or requested."""
    item_types = list(KitItemType.objects.order_by("pk")) or [KitItemType.objects.create(name="Enregistreur", slug="enregistreur")]
    n_units = max(10, n // 100)
    units = KitUnit.objects.bulk_create([
        KitUnit(item_type=item_types[i % len(item_types)], inventory_number=f"BENCH-{i:05d}") for i in range(n_units)
    ])
    today = timezone.localdate()
    slots = -(-n // n_units)
    first = today - datetime.timedelta(days=10 * (slots - 12))  # about 12 slots (four months) to come
    member_museum = dict(Membership.objects.filter(user__in=members).values_list("user_id", "museum_id"))
    bookings, spans = [], []
    for i in range(n):
        unit, slot = units[i % n_units], i // n_units
        pickup = first + datetime.timedelta(days=10 * slot)
        back = pickup + datetime.timedelta(days=rng.randint(2, 6))
        status = (BookingStatus.CLOSED if back < today else
                  BookingStatus.HANDED_OVER if pickup <= today else
                  BookingStatus.APPROVED if i % 3 else BookingStatus.REQUESTED)
        user = members[i % len(members)]
        bookings.append(Booking(museum_id=member_museum[user.pk], requested_by=user, pickup_date=pickup,
                                return_date=back, purpose=_text(rng, 15), contact=f"{user.get_full_name()} 03 20 00 00 00",
                                status=status))
        spans.append((unit, pickup, blocked_until(back)))
    with transaction.atomic():
        created = Booking.objects.bulk_create(bookings, batch_size=1000)
        BookingUnit.objects.bulk_create([
            BookingUnit(booking=b, unit=unit, starts_on=start, ends_before=end, active=b.status in ACTIVE_STATUSES)
            for b, (unit, start, end) in zip(created, spans, strict=True)
        ], batch_size=1000)
