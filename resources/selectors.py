"""Reads of the shared resources, always starting from what the member may see."""

import calendar
import datetime
from dataclasses import dataclass, field

from django.db.models import Max, Min, Prefetch, Q, QuerySet
from django.utils import timezone

from skills_directory.models import Skill

from .models import Document, DocumentVersion, Exhibition, Publication
from .permissions import documents_visible_to, exhibitions_visible_to, publications_visible_to


def document_library(
    *, user, kind: str = "", theme=None, museum=None, working_group=None, year: int | None = None
) -> QuerySet[Document]:
    """The documents `user` may see, filtered, newest first, with what the list shows."""
    documents = documents_visible_to(user)
    if kind:
        documents = documents.filter(kind=kind)
    if theme:
        documents = documents.filter(themes=theme)
    if museum:
        documents = documents.filter(museum=museum)
    if working_group:
        documents = documents.filter(working_group=working_group)
    if year:
        documents = documents.filter(date__year=year)
    return (
        documents.select_related("museum", "working_group", "uploaded_by", "file")
        .prefetch_related(Prefetch("themes", queryset=Skill.objects.order_by("name")))
        .order_by("-date", "-pk")
    )


def document_years(*, user) -> list[int]:
    """The years from the newest to the oldest document `user` may see.

    Their span rather than each year that has documents: the two ends come from the date
    index, where listing the distinct years read every visible document (50,000 at country
    scale: 31 ms a page). A year in between without documents shows an empty list.
    """
    span = documents_visible_to(user).aggregate(first=Min("date"), last=Max("date"))
    if span["first"] is None:
        return []
    return list(range(span["last"].year, span["first"].year - 1, -1))


def document_for_page(*, user, pk: int) -> Document | None:
    """The document with what its page shows, or None when `user` may not see it."""
    return (
        documents_visible_to(user)
        .select_related("museum", "working_group", "uploaded_by", "file")
        .prefetch_related(
            Prefetch("themes", queryset=Skill.objects.order_by("name")),
            Prefetch("versions", queryset=DocumentVersion.objects.select_related("uploaded_by", "file")),
        )
        .filter(pk=pk)
        .first()
    )


def new_documents_for(*, user, days: int = 30, limit: int = 5) -> list[Document]:
    """What is new for this member: documents they may see, added lately by someone else."""
    since = timezone.now() - datetime.timedelta(days=days)
    return list(
        documents_visible_to(user)
        .filter(created_at__gte=since)
        .exclude(uploaded_by=user)
        .select_related("museum", "working_group")
        .order_by("-created_at")[:limit]
    )


# --- Exhibitions --------------------------------------------------------------------------------


def exhibition_list(
    *, user, past: bool = False, museum=None, department: str = "", theme=None, today=None
) -> QuerySet[Exhibition]:
    """Current and upcoming exhibitions (soonest first), or past ones (latest first)."""
    today = today or timezone.localdate()
    exhibitions = exhibitions_visible_to(user).select_related("museum").prefetch_related(
        Prefetch("themes", queryset=Skill.objects.order_by("name"))
    )
    if museum:
        exhibitions = exhibitions.filter(museum=museum)
    if department:
        exhibitions = exhibitions.filter(museum__department_code=department)
    if theme:
        exhibitions = exhibitions.filter(themes=theme)
    if past:
        return exhibitions.filter(end__lt=today).order_by("-end", "-start", "pk")
    return exhibitions.filter(end__gte=today).order_by("start", "end", "pk")


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    opening: list = field(default_factory=list)
    closing: list = field(default_factory=list)
    running: int = 0


def exhibition_month(*, user, year: int, month: int, museum=None, department: str = "", theme=None):
    """(weeks of Days, exhibitions on view that month) for the month grid."""
    first = datetime.date(year, month, 1)
    last = datetime.date(year, month, calendar.monthrange(year, month)[1])
    exhibitions = exhibitions_visible_to(user).filter(start__lte=last, end__gte=first).select_related("museum")
    if museum:
        exhibitions = exhibitions.filter(museum=museum)
    if department:
        exhibitions = exhibitions.filter(museum__department_code=department)
    if theme:
        exhibitions = exhibitions.filter(themes=theme)
    on_view = list(exhibitions.order_by("start", "pk").distinct())
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        days = []
        for date in week:
            day = Day(date=date, in_month=date.month == month)
            for exhibition in on_view:
                if exhibition.start == date:
                    day.opening.append(exhibition)
                if exhibition.end == date:
                    day.closing.append(exhibition)
                if exhibition.start <= date <= exhibition.end:
                    day.running += 1
            days.append(day)
        weeks.append(days)
    return weeks, on_view


def exhibitions_for_feed(*, museum=None) -> QuerySet[Exhibition]:
    """Exhibitions for an iCalendar feed: from a year ago on (calendar apps keep older ones)."""
    since = timezone.localdate() - datetime.timedelta(days=365)
    exhibitions = Exhibition.objects.filter(end__gte=since).select_related("museum").order_by("start", "pk")
    if museum is not None:
        exhibitions = exhibitions.filter(museum=museum)
    return exhibitions


# --- Publications ------------------------------------------------------------------------------


def publication_list(*, user, kind: str = "", museum=None, year: int | None = None, query: str = "") -> QuerySet[Publication]:
    """Publications, newest year first, filtered."""
    publications = publications_visible_to(user).select_related("museum", "document")
    if kind:
        publications = publications.filter(kind=kind)
    if museum:
        publications = publications.filter(museum=museum)
    if year:
        publications = publications.filter(year=year)
    for word in query.split():
        publications = publications.filter(Q(title__icontains=word) | Q(authors__icontains=word))
    return publications.order_by("-year", "title", "pk")
