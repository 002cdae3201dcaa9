"""Believable demo skills for the demo people (`load_skills_demo()`, called by `load_demo`).

Idempotent: a skill already declared by a person is left as it is.
"""

import random

from extranet.models import User

from . import services
from .models import LearningWish, Level, MemberSkill, Skill

# (email, skill, level, what they did with it, willing to be asked)
NAMED = [
    ("equipe.louvre-lens@demo.example", "Traitement par anoxie", Level.EXPERT,
     "Traitement de 40 textiles et objets en bois infestés en 2023 avec la poche d'anoxie du réseau : "
     "protocole, suivi de l'oxygène et constats avant/après.", True),
    ("equipe.louvre-lens@demo.example", "Constat d'état", Level.PRACTICE,
     "Constats d'état des prêts entrants et sortants de la Galerie du temps.", True),
    ("equipe.louvre-lens@demo.example", "Lutte contre les infestations", Level.PRACTICE,
     "Mise en place de pièges à insectes et d'un plan de veille dans les réserves.", True),
    ("gestion.louvre-lens@demo.example", "Régie des œuvres et prêts", Level.EXPERT,
     "Coordination des prêts internationaux et des convoiements depuis 2015.", True),
    ("gestion.louvre-lens@demo.example", "Conditionnement et emballage", Level.PRACTICE,
     "Cahiers des charges de caisses et suivi des transporteurs.", False),
    ("gestion.la-piscine@demo.example", "Recherche de provenance", Level.EXPERT,
     "Recherche sur les acquisitions 1933-1945 du musée, en lien avec la CIVS.", True),
    ("gestion.la-piscine@demo.example", "Traitement par anoxie", Level.NOTIONS,
     "A suivi la formation du réseau en 2024.", False),
    ("gestion.la-piscine@demo.example", "Suivi climatique (température et humidité)", Level.PRACTICE,
     "Relevés mensuels des enregistreurs et rapport annuel sur les salles du bassin.", True),
]

DESCRIPTIONS = {
    "Conservation préventive": "Plan de conservation préventive des réserves et formation des agents d'accueil.",
    "Suivi climatique (température et humidité)": "Pose et lecture des thermo-hygromètres, alertes en cas d'écart.",
    "Mesure et maîtrise de la lumière": "Mesures en lux et UV, rotation des œuvres graphiques.",
    "Traitement par anoxie": "Traitement d'objets infestés par anoxie statique, suivi du taux d'oxygène.",
    "Lutte contre les infestations": "Veille par pièges et traitement par congélation.",
    "Dépoussiérage et entretien des collections": "Chantier des collections : dépoussiérage de 3 000 objets.",
    "Constat d'état": "Constats d'état pour les prêts et le récolement.",
    "Conditionnement et emballage": "Conditionnement des réserves en matériaux neutres.",
    "Éco-conditionnement": "Réemploi des caisses et matériaux de conditionnement entre expositions.",
    "Inventaire et récolement": "Récolement décennal : méthodologie et procès-verbaux.",
    "Logiciels de gestion des collections": "Migration de la base vers un nouveau logiciel, paramétrage des fiches.",
    "Export vers la Plateforme ouverte du patrimoine (POP)": "Export des notices vers POP et correction des rejets.",
    "Recherche de provenance": "Recherche dans les archives de marchands et de ventes publiques.",
    "Régie des œuvres et prêts": "Organisation des prêts et des convoiements.",
    "Externalisation des réserves": "Chantier de déménagement des réserves vers un site mutualisé.",
    "Archives papier et audiovisuelles": "Classement et numérisation du fonds d'archives du musée.",
    "Numérisation et prise de vue": "Campagne de prise de vue des collections, chaîne de traitement des images.",
    "Photothèque": "Gestion des droits et diffusion des images.",
    "Entrepôt OAI-PMH et interopérabilité": "Mise en place d'un entrepôt OAI-PMH pour le portail régional.",
    "Exposition virtuelle": "Conception d'une exposition en ligne avec Omeka.",
    "Médiation jeune public et familles": "Ateliers du mercredi et livrets-jeux.",
    "Publics scolaires": "Parcours avec les enseignants du premier degré.",
    "Accessibilité et handicap": "Visites en langue des signes et maquettes tactiles.",
    "Gestion des flux de visiteurs": "Réservation par créneaux et comptage en salle.",
    "Médiation numérique participative": "Projets de contributions en ligne avec les publics.",
    "Bien-être au musée": "Séances de visites sensorielles et de détente en salle.",
    "Muséographie et scénographie": "Refonte du parcours permanent avec un scénographe.",
    "Éco-conception d'exposition": "Exposition conçue avec du mobilier réemployé.",
    "Expositions itinérantes": "Circulation d'une exposition dans quatre musées du réseau.",
    "Mémoire orale et collecte de témoignages": "Collecte d'entretiens d'anciens ouvriers.",
    "Projet scientifique et culturel (PSC)": "Rédaction du PSC avec les équipes.",
    "Mécénat et financements": "Recherche de mécènes et dossiers de subvention.",
    "Communication et réseaux sociaux": "Ligne éditoriale des réseaux sociaux du musée.",
    "Audit qualité de musée": "Auto-évaluation selon le référentiel qualité.",
}


def _declare(user, skill, level, description, willing):
    if MemberSkill.objects.active().filter(user=user, skill=skill).exists():
        return
    services.member_skill_declare(user=user, skill=skill, level=level, description=description, willing_to_be_asked=willing)


def load_skills_demo() -> None:
    """Give the demo people skills (and a few skills to learn). Idempotent."""
    skills = {skill.name: skill for skill in Skill.objects.all()}
    if not skills:
        return
    for email, name, level, description, willing in NAMED:
        user = User.objects.filter(email=email).first()
        if user is not None and name in skills:
            _declare(user, skills[name], level, description, willing)
    julien = User.objects.filter(email="equipe.louvre-lens@demo.example").first()
    if julien is not None and "Numérisation et prise de vue" in skills:
        if not LearningWish.objects.active().filter(user=julien).exists():
            services.learning_wish_add(user=julien, skill=skills["Numérisation et prise de vue"])

    named = {email for email, *_rest in NAMED} | {"coordination@demo.example"}
    people = (
        User.objects.filter(email__endswith="@demo.example", is_active=True, memberships__ended_at__isnull=True)
        .exclude(email__in=named)
        .distinct()
        .order_by("email")
    )
    rng = random.Random(6)  # the same skills on every machine
    names = sorted(skills)
    for person in people:
        chosen = rng.sample(names, 3)
        for name in chosen:
            level = rng.choice([Level.NOTIONS, Level.PRACTICE, Level.PRACTICE, Level.EXPERT])
            _declare(person, skills[name], level, DESCRIPTIONS.get(name, ""), rng.random() < 0.8)
