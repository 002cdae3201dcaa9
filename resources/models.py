"""Shared documents (with every version of their file), the exhibitions calendar, publications."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from filer.fields.file import FilerFileField

from extranet.files import private_storage


class DocumentKind(models.TextChoices):
    MINUTES = "minutes", _("Meeting minutes")
    GUIDE = "guide", _("Practical guide")
    PUBLICATION = "publication", _("Publication")
    ADMINISTRATIVE = "administrative", _("Administrative document")
    CALL = "call", _("Call for projects")
    COMMUNICATION = "communication", _("Communication tools")
    OTHER = "other", _("Other")


class DocumentVisibility(models.TextChoices):
    # Same values as search.registry.Visibility: the index stores them as they are.
    PUBLIC = "public", _("Public (may be shared outside the network)")
    MEMBERS = "members", _("All members of the network")
    MUSEUM = "museum", _("Staff of the document's museum only")
    GROUP = "group", _("Members of the document's working group only")
    COORDINATORS = "coordinators", _("Network coordinators only")


class DocumentLanguage(models.TextChoices):
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")
    DUTCH = "nl", _("Dutch")
    OTHER = "other", _("Other language")


class Document(models.Model):
    """A shared document; its current file is `file`, every earlier one is a DocumentVersion."""

    title = models.CharField(_("title"), max_length=250)
    summary = models.TextField(_("summary"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices, db_index=True)
    date = models.DateField(_("date"), default=timezone.localdate, db_index=True)
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    authors = models.CharField(_("authors"), max_length=300, blank=True)
    museum = models.ForeignKey(
        "extranet.Museum", on_delete=models.PROTECT, null=True, blank=True, related_name="documents",
        verbose_name=_("museum"),
    )
    working_group = models.ForeignKey(
        "extranet.WorkingGroup", on_delete=models.PROTECT, null=True, blank=True, related_name="documents",
        verbose_name=_("working group"),
    )
    themes = models.ManyToManyField(
        "skills_directory.Skill", blank=True, related_name="documents", verbose_name=_("themes")
    )
    language = models.CharField(
        _("language"), max_length=10, choices=DocumentLanguage.choices, default=DocumentLanguage.FRENCH
    )
    visibility = models.CharField(
        _("who may see it"), max_length=20, choices=DocumentVisibility.choices, default=DocumentVisibility.MEMBERS,
        db_index=True,
    )
    file = FilerFileField(on_delete=models.PROTECT, related_name="+", verbose_name=_("file"))
    version_number = models.PositiveIntegerField(_("version"), default=1)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="documents_uploaded",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Filled in the background (resources.tasks) so that search finds words inside the file.
    extracted_text = models.TextField(editable=False, blank=True, default="")
    text_extracted_version = models.PositiveIntegerField(editable=False, null=True, blank=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(visibility="museum") | models.Q(museum__isnull=False),
                name="document_museum_visibility_needs_museum",
            ),
            models.CheckConstraint(
                condition=~models.Q(visibility="group") | models.Q(working_group__isnull=False),
                name="document_group_visibility_needs_group",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("resources:document_detail", kwargs={"pk": self.pk})

    def get_download_url(self):
        return reverse("resources:document_download", kwargs={"pk": self.pk})


class DocumentVersion(models.Model):
    """One file a document has had (the current one included): who put it there, when, why."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    file = FilerFileField(on_delete=models.PROTECT, related_name="+", verbose_name=_("file"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="one_version_number_per_document")]

    def __str__(self):
        return f"{self.document} v{self.number}"

    def get_download_url(self):
        return reverse("resources:version_download", kwargs={"pk": self.document_id, "number": self.number})


class Exhibition(models.Model):
    """An exhibition of a museum of the network (public information)."""

    museum = models.ForeignKey(
        "extranet.Museum", on_delete=models.PROTECT, related_name="exhibitions", verbose_name=_("museum")
    )
    title = models.CharField(_("title"), max_length=250)
    start = models.DateField(_("opens on"), db_index=True)
    end = models.DateField(_("closes on"), db_index=True)
    description = models.TextField(_("description"), blank=True)
    image = models.ImageField(_("image"), upload_to="exhibitions/", blank=True, storage=private_storage)
    link = models.URLField(_("link"), blank=True)
    themes = models.ManyToManyField(
        "skills_directory.Skill", blank=True, related_name="exhibitions", verbose_name=_("themes")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("added by")
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("exhibition")
        verbose_name_plural = _("exhibitions")
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="exhibition_ends_after_start")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("resources:exhibition_detail", kwargs={"pk": self.pk})


class PublicationKind(models.TextChoices):
    BOOK = "book", _("Book")
    CATALOGUE = "catalogue", _("Exhibition catalogue")
    ARTICLE = "article", _("Article")
    REPORT = "report", _("Report or study")
    OTHER = "other", _("Other")


class Publication(models.Model):
    """A publication of the network or a member's article."""

    title = models.CharField(_("title"), max_length=300)
    authors = models.CharField(_("authors"), max_length=300)
    year = models.PositiveIntegerField(_("year"), db_index=True)
    publisher = models.CharField(_("publisher or journal"), max_length=200, blank=True)
    museum = models.ForeignKey(
        "extranet.Museum", on_delete=models.PROTECT, null=True, blank=True, related_name="publications",
        verbose_name=_("museum"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PublicationKind.choices, default=PublicationKind.BOOK)
    isbn = models.CharField(_("ISBN"), max_length=20, blank=True)
    link = models.URLField(_("link"), blank=True)
    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="publications",
        verbose_name=_("document"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("added by")
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-year", "title"]

    def __str__(self):
        return self.title
