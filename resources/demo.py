"""Demo content of the shared resources: documents (small real PDFs), exhibitions, publications.

Idempotent: what exists (by title) is left alone. Called by `manage.py load_demo`.
"""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from extranet.models import Museum, User, WorkingGroup
from skills_directory.models import Skill

from . import services
from .models import Document, DocumentKind, DocumentVisibility, Exhibition, Publication, PublicationKind


def make_pdf(lines: list[str], *, title: str = "") -> bytes:
    """A small, valid one-page PDF showing `lines` (Helvetica, WinAnsi: French accents work)."""

    def escape(text: str) -> bytes:
        raw = text.encode("cp1252", errors="replace")
        return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")

    content = io.BytesIO()
    content.write(b"BT /F1 12 Tf 14 TL 56 780 Td\n")
    for line in lines:
        content.write(b"(" + escape(line) + b") Tj T*\n")
    content.write(b"ET\n")
    stream = content.getvalue()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"endstream",
        b"<< /Title (" + escape(title) + b") /Producer (Musenor demo) >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def _pdf_upload(name: str, lines: list[str], title: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, make_pdf(lines, title=title), content_type="application/pdf")


DOCUMENTS = [
    {
        "title": "Compte-rendu de la réunion du groupe Médiation",
        "file": "cr-mediation.pdf",
        "kind": DocumentKind.MINUTES,
        "group": "Médiation",
        "visibility": DocumentVisibility.GROUP,
        "by": "equipe.louvre-lens@demo.example",
        "days_ago": 12,
        "themes": ["Médiation jeune public et familles", "Publics scolaires"],
        "summary": "Bilan des ateliers famille, calendrier des visites scolaires et projet de mallette pédagogique.",
        "lines": [
            "Groupe Médiation - compte-rendu de réunion",
            "Présents : huit médiateurs du réseau.",
            "1. Bilan des ateliers famille du printemps.",
            "2. Mallette pédagogique itinérante : devis à comparer.",
            "3. Prochaine réunion au Familistère de Guise.",
        ],
    },
    {
        "title": "Fiche pratique : surveiller le climat des réserves",
        "file": "fiche-climat-reserves.pdf",
        "kind": DocumentKind.GUIDE,
        "museum": None,
        "visibility": DocumentVisibility.MEMBERS,
        "by": "coordination@demo.example",
        "days_ago": 40,
        "themes": ["Conservation préventive", "Suivi climatique (température et humidité)"],
        "summary": "Placer les thermo-hygromètres, relever les mesures, réagir aux écarts.",
        "lines": [
            "Fiche pratique - surveiller le climat des réserves",
            "Placer un thermo-hygromètre par salle, loin des portes et des murs extérieurs.",
            "Relever les enregistrements chaque semaine et archiver les courbes.",
            "Humidité relative cible : entre 45 et 55 %, sans variation brusque.",
            "En cas de moisissure, isoler l'objet et prévenir la régie.",
        ],
    },
    {
        "title": "Procédure interne de prêt des œuvres (Louvre-Lens)",
        "file": "procedure-prets-louvre-lens.pdf",
        "kind": DocumentKind.ADMINISTRATIVE,
        "museum": "Louvre-Lens",
        "visibility": DocumentVisibility.MUSEUM,
        "by": "gestion.louvre-lens@demo.example",
        "days_ago": 5,
        "themes": ["Régie des œuvres et prêts"],
        "summary": "Circuit de validation interne des demandes de prêt.",
        "lines": [
            "Procédure interne de prêt des oeuvres",
            "Toute demande de prêt passe par la régie, puis par la direction.",
            "Le constat d'état est obligatoire au départ et au retour.",
        ],
    },
    {
        "title": "Appel à projets : expositions itinérantes du réseau",
        "file": "appel-projets-itinerance.pdf",
        "kind": DocumentKind.CALL,
        "museum": None,
        "visibility": DocumentVisibility.MEMBERS,
        "by": "coordination@demo.example",
        "days_ago": 3,
        "deadline_in": 45,
        "themes": ["Expositions itinérantes", "Éco-conception d'exposition"],
        "summary": "Le réseau soutient deux projets d'exposition itinérante éco-conçue.",
        "lines": [
            "Appel à projets - expositions itinérantes",
            "Deux projets seront accompagnés : scénographie réutilisable, transport mutualisé.",
            "Dossier : note d'intention, budget prévisionnel, calendrier.",
        ],
    },
]

EXHIBITIONS = [
    ("Louvre-Lens", "Miroirs : l'art du reflet", -60, 90, ["Muséographie et scénographie"]),
    ("La Piscine", "Céramiques de Roubaix, 1920-1950", -20, 120, ["Conservation préventive"]),
    ("Palais des Beaux-Arts", "Dessins du Nord", 10, 150, ["Numérisation et prise de vue"]),
    ("LaM", "Art brut : nouvelles acquisitions", 25, 200, ["Recherche de provenance"]),
    ("Musée de Picardie", "Les reconstructions de l'après-guerre", -300, -30, ["Archives papier et audiovisuelles"]),
    ("Familistère de Guise", "Utopies ouvrières", 3, 60, ["Médiation jeune public et familles"]),
]

PUBLICATIONS = [
    ("Guide de la conservation préventive en Hauts-de-France", "Réseau Musenor", 2023, "Musenor", None,
     PublicationKind.REPORT, "", "https://musenor.example/guide"),
    ("Miroirs : l'art du reflet", "Collectif", 2025, "Éditions du Louvre-Lens", "Louvre-Lens",
     PublicationKind.CATALOGUE, "9782350310000", ""),
    ("La Piscine, un musée dans une piscine", "S. Delattre", 2022, "Revue des musées de France", "La Piscine",
     PublicationKind.ARTICLE, "", "https://revue.example/piscine"),
    ("Médiation et familles : retours d'expérience", "Groupe Médiation", 2024, "Musenor", None,
     PublicationKind.REPORT, "", ""),
]


def _themes(names):
    return list(Skill.objects.filter(name__in=names))


def load_resources_demo() -> None:
    """Create the demo documents, exhibitions and publications that do not exist yet."""
    today = timezone.localdate()
    museums = {m.name: m for m in Museum.objects.filter(name__in={*(e[0] for e in EXHIBITIONS), "Louvre-Lens"})}
    coordinator = User.objects.filter(email="coordination@demo.example").first()
    if coordinator is None or not museums:
        return
    for spec in DOCUMENTS:
        if Document.objects.filter(title=spec["title"]).exists():
            continue
        by = User.objects.get(email=spec["by"])
        date = today - datetime.timedelta(days=spec["days_ago"])
        document = services.document_create(
            by=by,
            uploaded=_pdf_upload(spec["file"], spec["lines"], spec["title"]),
            themes=_themes(spec["themes"]),
            title=spec["title"],
            summary=spec["summary"],
            kind=spec["kind"],
            date=date,
            meeting_date=date if spec["kind"] == DocumentKind.MINUTES else None,
            deadline=today + datetime.timedelta(days=spec["deadline_in"]) if "deadline_in" in spec else None,
            authors=by.get_full_name(),
            museum=museums.get(spec.get("museum")) if spec.get("museum") else None,
            working_group=WorkingGroup.objects.filter(name=spec.get("group")).first() if spec.get("group") else None,
            language="fr",
            visibility=spec["visibility"],
        )
        if spec["kind"] == DocumentKind.GUIDE:
            services.document_replace_file(
                document=document, by=by,
                uploaded=_pdf_upload(spec["file"], [*spec["lines"], "Mise à jour : seuils d'alerte précisés."],
                                     spec["title"]),
                note="Seuils d'alerte précisés",
            )
    with transaction.atomic():
        for museum_name, title, start_in, end_in, themes in EXHIBITIONS:
            museum = museums.get(museum_name)
            if museum is None or Exhibition.objects.filter(title=title, museum=museum).exists():
                continue
            services.exhibition_create(
                by=coordinator, museum=museum, title=title, themes=_themes(themes),
                start=today + datetime.timedelta(days=start_in), end=today + datetime.timedelta(days=end_in),
                description=f"{title} : une exposition de {museum.name}.",
                link=museum.website or "",
            )
        guide = Document.objects.filter(kind=DocumentKind.GUIDE).first()
        for title, authors, year, publisher, museum_name, kind, isbn, link in PUBLICATIONS:
            if Publication.objects.filter(title=title).exists():
                continue
            services.publication_create(
                by=coordinator, title=title, authors=authors, year=year, publisher=publisher,
                museum=museums.get(museum_name) if museum_name else None, kind=kind, isbn=isbn, link=link,
                document=guide if title.startswith("Guide") else None,
            )
