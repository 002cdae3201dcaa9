"""The network's core: people, museums, memberships, working groups, invitations, audit."""

import unicodedata

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .files import private_storage


def fold(text: str) -> str:
    """Lower-case, accent-free form of a text, for accent-insensitive matching."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class User(AbstractUser):
    """A person with an account. Never deleted: deactivated, and anonymised on erasure."""

    email = models.EmailField(_("email address"), unique=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        if not self.is_active and self.last_name == "" and self.first_name == "":
            return str(_("Former member"))
        return self.get_full_name() or self.email.split("@")[0]

    def get_forum_display_name(self) -> str:
        """The author's name under forum posts (MACHINA_USER_DISPLAY_NAME_METHOD): a deactivated
        account's posts stay, signed "Former member"."""
        return self.display_name if self.is_active else str(_("Former member"))


class Department(models.TextChoices):
    AISNE = "02", "Aisne"
    NORD = "59", "Nord"
    OISE = "60", "Oise"
    PAS_DE_CALAIS = "62", "Pas-de-Calais"
    SOMME = "80", "Somme"


class Museum(models.Model):
    """A member museum of the network; every museum-owned object points here."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    city = models.CharField(_("town"), max_length=120)
    department_code = models.CharField(_("department"), max_length=3, db_index=True)
    department = models.CharField(_("department name"), max_length=60)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    search_key = models.CharField(max_length=400, editable=False, db_index=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("museum")
        verbose_name_plural = _("museums")
        ordering = ["search_key"]
        permissions = [
            ("act_for_museum", _("Act for this museum")),
            ("manage_staff", _("Manage this museum's staff")),
        ]

    def __str__(self):
        return self.name_with_town(self.name, self.city)

    @staticmethod
    def name_with_town(name: str, city: str) -> str:
        """How a museum is named in lists and choices: "name (town)"."""
        return f"{name} ({city})"

    def save(self, *args, **kwargs):
        # Derived column for accent-insensitive search and French-friendly sorting.
        self.search_key = fold(f"{self.name} {self.city}")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("museum_detail", kwargs={"slug": self.slug})


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    MANAGER = "manager", _("Manager")


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(ended_at__isnull=True)


class Membership(models.Model):
    """A person working for a museum. Ended, never deleted, so history stays."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships")
    museum = models.ForeignKey(Museum, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    started_at = models.DateTimeField(_("since"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("museum membership")
        verbose_name_plural = _("museum memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "museum"],
                condition=models.Q(ended_at__isnull=True),
                name="one_active_membership_per_museum",
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.museum} ({self.get_role_display()})"

    @property
    def is_active(self):
        return self.ended_at is None


class WorkingGroup(models.Model):
    """A working group of the network (Médiation, Inventaire informatisé…)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["name"]
        permissions = [("take_part", _("Take part in this working group"))]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("working_group_detail", kwargs={"slug": self.slug})


class GroupRole(models.TextChoices):
    MEMBER = "member", _("Member")
    LEAD = "lead", _("Lead")


class WorkingGroupMembership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="group_memberships"
    )
    group = models.ForeignKey(WorkingGroup, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=GroupRole.choices, default=GroupRole.MEMBER)
    started_at = models.DateTimeField(_("since"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("working group membership")
        verbose_name_plural = _("working group memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "group"],
                condition=models.Q(ended_at__isnull=True),
                name="one_active_membership_per_group",
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.group} ({self.get_role_display()})"


class Visibility(models.TextChoices):
    NETWORK = "network", _("All members of the network")
    MUSEUM = "museum", _("Colleagues of my museum(s) only")
    NOBODY = "nobody", _("Nobody")


class Profile(models.Model):
    """What a member tells the network about themselves."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="profile")
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    photo = models.ImageField(_("photo"), upload_to="profiles/", blank=True, storage=private_storage)
    bio = models.TextField(_("short bio"), max_length=2000, blank=True)
    languages = models.CharField(
        _("languages spoken"), max_length=200, blank=True, help_text=_("For example: français, English, Nederlands")
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email_visibility = models.CharField(
        _("who may see my email address"), max_length=20, choices=Visibility.choices, default=Visibility.NETWORK
    )
    phone_visibility = models.CharField(
        _("who may see my phone number"), max_length=20, choices=Visibility.choices, default=Visibility.MUSEUM
    )
    is_coordinator = models.BooleanField(_("network coordinator"), default=False, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return str(self.user)


class Invitation(models.Model):
    """An invitation to join a museum; the link works once and expires."""

    email = models.EmailField(_("email address"))
    museum = models.ForeignKey(Museum, on_delete=models.PROTECT, related_name="invitations")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.museum}"

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()


class AuditEvent(models.Model):
    """One recorded state change or sign-in: who, what, on which object, when, from where."""

    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=80, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    museum = models.ForeignKey(
        Museum, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("museum")
    )
    data = models.JSONField(_("details"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("from address"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"


# --- Wagtail documents and images: kept with members-only files (extranet/media.py) ---------------

from wagtail.documents.models import AbstractDocument  # noqa: E402
from wagtail.images.models import AbstractImage, AbstractRendition, WagtailImageField, get_upload_to  # noqa: E402

from .media import cms_image_storage  # noqa: E402


class NetworkDocument(AbstractDocument):
    """A Wagtail document, stored outside MEDIA_ROOT and sent only after its collection's privacy
    is checked (`extranet.media.serve_document`)."""

    file = models.FileField(upload_to="documents", storage=private_storage, verbose_name=_("file"))
    admin_form_fields = ("title", "file", "collection", "tags")

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")


class NetworkImage(AbstractImage):
    """A Wagtail image, stored outside MEDIA_ROOT: the original and its renditions are sent by
    `extranet.media.image_file`, which checks the collection's privacy."""

    file = WagtailImageField(
        verbose_name=_("file"), upload_to=get_upload_to, storage=cms_image_storage,
        width_field="width", height_field="height",
    )
    admin_form_fields = (
        "title", "file", "description", "collection", "tags",
        "focal_point_x", "focal_point_y", "focal_point_width", "focal_point_height",
    )

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")


class NetworkRendition(AbstractRendition):
    image = models.ForeignKey(NetworkImage, related_name="renditions", on_delete=models.CASCADE)

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


# --- Wagtail pages of the public site ------------------------------------------------------------

from wagtail import blocks  # noqa: E402
from wagtail.fields import RichTextField, StreamField  # noqa: E402
from wagtail.images.blocks import ImageBlock  # noqa: E402
from wagtail.models import Page  # noqa: E402


class HomePage(Page):
    """The public home page presenting the network; edited in the Wagtail admin."""

    intro = RichTextField(_("introduction"), blank=True)
    body = StreamField(
        [
            ("heading", blocks.CharBlock(label=_("Heading"), form_classname="title")),
            ("paragraph", blocks.RichTextBlock(label=_("Paragraph"))),
            ("image", ImageBlock(label=_("Image"))),
        ],
        blank=True,
        use_json_field=True,
        verbose_name=_("body"),
    )

    content_panels = Page.content_panels + ["intro", "body"]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")


class StandardPage(Page):
    """A page of text: about the network, legal notice, members' guides."""

    body = StreamField(
        [
            ("heading", blocks.CharBlock(label=_("Heading"), form_classname="title")),
            ("paragraph", blocks.RichTextBlock(label=_("Paragraph"))),
            ("image", ImageBlock(label=_("Image"))),
        ],
        blank=True,
        use_json_field=True,
        verbose_name=_("body"),
    )
    content_panels = Page.content_panels + ["body"]

    class Meta:
        verbose_name = _("standard page")
