"""Load believable demo content: the network's real museums, working groups and skills
vocabulary, and invented people. Idempotent: running it twice changes nothing more.

The people are invented (names drawn from common French first and last names); the demo
accounts listed in the README all use the password `musenor-demo`.
"""

import csv
import random
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Page, Site

from equipment_loans.demo import load_kit_demo
from equipment_loans.exchange.demo import load_exchange_demo
from extranet import services
from extranet.models import GroupRole, HomePage, Museum, Role, User, WorkingGroup
from forum.demo import load_forum_demo
from resources.demo import load_resources_demo
from skills_directory.demo import load_skills_demo
from skills_directory.models import Skill, SkillCategory

DATA = Path(__file__).resolve().parents[3] / "extranet" / "data"  # the network's own lists
DEMO_PASSWORD = "musenor-demo"

# (email, first name, last name, job title, museum name or None, role, coordinator)
DEMO_ACCOUNTS = [
    ("coordination@demo.example", "Camille", "Roussel", "Coordinatrice du réseau", None, None, True),
    ("gestion.louvre-lens@demo.example", "Hélène", "Marchand", "Responsable de la régie des œuvres", "Louvre-Lens", Role.MANAGER, False),
    ("equipe.louvre-lens@demo.example", "Julien", "Lefebvre", "Chargé des collections", "Louvre-Lens", Role.MEMBER, False),
    ("gestion.la-piscine@demo.example", "Sophie", "Delattre", "Conservatrice du patrimoine", "La Piscine", Role.MANAGER, False),
]

FIRST_NAMES = [
    "Claire", "Thomas", "Élodie", "Nicolas", "Manon", "Antoine", "Lucie", "Mathieu", "Pauline", "Vincent",
    "Aurélie", "Guillaume", "Céline", "Damien", "Laure", "Olivier", "Marion", "Sébastien", "Agathe", "Romain",
]
LAST_NAMES = [
    "Dubois", "Lambert", "Caron", "Fontaine", "Leroy", "Dumont", "Mercier", "Vasseur", "Delcourt", "Bernard",
    "Hennebert", "Lemaire", "Carpentier", "Deneuville", "Wattez", "Boulanger", "Dufour", "Lecomte", "Masson", "Petit",
]
JOB_TITLES = [
    "Conservateur du patrimoine", "Régisseuse des collections", "Chargé des publics", "Responsable de la médiation",
    "Documentaliste", "Attachée de conservation", "Directeur", "Chargée d'inventaire", "Photographe des collections",
    "Responsable des expositions",
]
DEMO_MUSEUMS = [
    "Louvre-Lens", "La Piscine", "Palais des Beaux-Arts", "LaM", "Musée de Picardie", "Familistère de Guise",
    "Musée de la Chartreuse", "MUba Eugène Leroy", "Musée Départemental Matisse", "Musée Antoine Lecuyer",
]


class Command(BaseCommand):
    help = "Load the demo content (museums, working groups, skills, invented people). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when museums already exist.")

    def handle(self, *args, **options):
        if options["if_empty"] and Museum.objects.exists():
            self.stdout.write("Demo content not loaded: the database already has museums.")
            return
        with transaction.atomic():
            museums = self.load_museums()
            groups = self.load_working_groups()
            self.load_skills()
            self.load_people(museums, groups)
            self.load_home_page()
        load_kit_demo()  # the conservation kit and a few bookings (equipment_loans/demo.py)
        load_exchange_demo()  # the equipment exchange: the Galerie du temps lot (equipment_loans/exchange/demo.py)
        load_skills_demo()  # the demo people's declared skills (skills_directory/demo.py)
        load_forum_demo()  # forums by theme, one per working group, a few discussions (forum/demo.py)
        load_resources_demo()  # documents (small PDFs), exhibitions, publications (resources/demo.py)
        self.stdout.write(self.style.SUCCESS(
            f"Demo content ready: {Museum.objects.count()} museums, {WorkingGroup.objects.count()} working groups, "
            f"{Skill.objects.count()} skills, {User.objects.filter(email__endswith='@demo.example').count()} demo people."
        ))

    def load_museums(self) -> dict[str, Museum]:
        museums = {}
        with open(DATA / "museums.csv", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        base_slugs = [slugify(row["name"]) for row in rows]
        for row in rows:
            duplicate = base_slugs.count(slugify(row["name"])) > 1
            slug = slugify(f"{row['name']} {row['city']}" if duplicate else row["name"])[:200]
            museum, _created = Museum.objects.update_or_create(
                slug=slug,
                defaults={
                    "name": row["name"],
                    "city": row["city"],
                    "department": row["department"],
                    "department_code": row["department_code"],
                    "latitude": Decimal(row["latitude"]),
                    "longitude": Decimal(row["longitude"]),
                },
            )
            museums.setdefault(row["name"], museum)
        return museums

    def load_working_groups(self) -> list[WorkingGroup]:
        groups = []
        with open(DATA / "working_groups.csv", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                group, _created = WorkingGroup.objects.update_or_create(
                    slug=slugify(row["name"]), defaults={"name": row["name"], "description": row["description"]}
                )
                groups.append(group)
        return groups

    def load_skills(self) -> None:
        with open(DATA / "skills.csv", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                category, _created = SkillCategory.objects.get_or_create(name=row["category"])
                Skill.objects.get_or_create(name=row["skill"], defaults={"category": category})

    def ensure_person(self, email, first, last, job, password=DEMO_PASSWORD) -> User:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = services.user_create(email=email, first_name=first, last_name=last, password=password)
            profile = services.profile_for(user)
            profile.job_title = job
            profile.languages = "français"
            profile.save()
        return user

    def load_people(self, museums: dict[str, Museum], groups: list[WorkingGroup]) -> None:
        coordinator = None
        for email, first, last, job, museum_name, role, is_coordinator in DEMO_ACCOUNTS:
            user = self.ensure_person(email, first, last, job)
            if is_coordinator:
                services.coordinator_set(user=user, is_coordinator=True, by=None)
                coordinator = user
            if museum_name:
                if not user.memberships.filter(museum=museums[museum_name], ended_at__isnull=True).exists():
                    services.membership_grant(user=user, museum=museums[museum_name], role=role, by=coordinator)

        rng = random.Random(2025)  # the same invented people on every machine
        for index in range(24):
            first, last = FIRST_NAMES[index % len(FIRST_NAMES)], LAST_NAMES[(index * 7 + index // len(FIRST_NAMES)) % len(LAST_NAMES)]
            email = f"{slugify(first)}.{slugify(last)}@demo.example"
            user = self.ensure_person(email, first, last, rng.choice(JOB_TITLES))
            museum = museums[DEMO_MUSEUMS[index % len(DEMO_MUSEUMS)]]
            role = Role.MANAGER if index < len(DEMO_MUSEUMS) and museum.name not in ("Louvre-Lens", "La Piscine") else Role.MEMBER
            if not user.memberships.filter(ended_at__isnull=True).exists():
                services.membership_grant(user=user, museum=museum, role=role, by=coordinator)
            group = groups[index % len(groups)]
            if not user.group_memberships.filter(group=group, ended_at__isnull=True).exists():
                services.working_group_join(
                    group=group, user=user, role=GroupRole.LEAD if index < len(groups) else GroupRole.MEMBER, by=coordinator
                )
        equipe = User.objects.get(email="equipe.louvre-lens@demo.example")
        for group in groups[:2]:
            if not equipe.group_memberships.filter(group=group, ended_at__isnull=True).exists():
                services.working_group_join(group=group, user=equipe, by=coordinator)

    def load_home_page(self) -> None:
        if HomePage.objects.exists():
            return
        root = Page.get_first_root_node()
        if root is None:
            # Wagtail's migration creates the tree's root; a flushed database (tests that
            # truncate tables, a restore drill) has none, so make it as the migration does.
            from django.contrib.contenttypes.models import ContentType
            from wagtail.coreutils import get_supported_content_language_variant
            from wagtail.models import Locale

            Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
            root = Page.add_root(
                title="Root", slug="root", content_type=ContentType.objects.get_for_model(Page), draft_title="Root"
            )
        home = HomePage(
            title="Musenor, l'espace professionnel des musées des Hauts-de-France",
            slug="accueil",
            intro=(
                "<p>Musenor réunit les professionnels des 90 musées de France des Hauts-de-France. "
                "Leur espace professionnel leur permet de poser leurs questions au réseau, de trouver le "
                "collègue qui connaît, de partager comptes-rendus et fiches pratiques, de réserver le kit "
                "de conservation mutualisé et de donner une seconde vie au matériel de muséographie.</p>"
            ),
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        site = Site.objects.filter(is_default_site=True).first()
        old_root = site.root_page if site else None
        if site:
            site.root_page = home
            site.site_name = "Musenor"
            site.save()
        else:
            Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Musenor")
        # Wagtail's initial "Welcome" page is replaced by ours.
        if old_root is not None and old_root.pk != home.pk and old_root.depth == 2 and not old_root.get_children().exists():
            old_root.unpublish()
