"""The network's skills vocabulary and the directory built on it: who holds which skill, at
which level, who wants to learn what, and the questions members ask the experts."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class SkillCategory(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)

    class Meta:
        verbose_name = _("skill category")
        verbose_name_plural = _("skill categories")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Skill(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    category = models.ForeignKey(SkillCategory, on_delete=models.PROTECT, related_name="skills", verbose_name=_("category"))

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["category__name", "name"]

    def __str__(self):
        return self.name


class Level(models.IntegerChoices):
    # Ordered: a search for "practice" also finds experts.
    NOTIONS = 1, _("Notions")
    PRACTICE = 2, _("Practice")
    EXPERT = 3, _("Expert")


class DirectoryEntry(models.Model):
    """A member's choices about the directory as a whole (one row per member, made on need)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="directory_entry")
    hidden = models.BooleanField(
        _("hidden from the directory"),
        default=False,
        help_text=_("Nobody finds you in the skills directory, and nobody can ask you questions through it."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("directory entry")
        verbose_name_plural = _("directory entries")

    def __str__(self):
        return str(self.user)


class ActiveQuerySet(models.QuerySet):
    def active(self):
        return self.filter(removed_at__isnull=True)


class MemberSkill(models.Model):
    """A skill a member declares. Removed (`removed_at`), never deleted."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="declared_skills")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="holders", verbose_name=_("skill"))
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices, default=Level.PRACTICE)
    description = models.TextField(
        _("what I did with it"), max_length=600, blank=True,
        help_text=_("A sentence or two: projects, tools, collections (600 characters at most)."),
    )
    willing_to_be_asked = models.BooleanField(_("colleagues may ask me about it"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = ActiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("declared skill")
        verbose_name_plural = _("declared skills")
        ordering = ["skill__category__name", "skill__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "skill"], condition=models.Q(removed_at__isnull=True), name="one_active_declaration_per_skill"
            )
        ]
        indexes = [models.Index(fields=["skill", "level"], name="memberskill_skill_level")]

    def __str__(self):
        return f"{self.user} — {self.skill} ({self.get_level_display()})"


class LearningWish(models.Model):
    """A skill a member wants to learn. Removed, never deleted."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="learning_wishes")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="learners", verbose_name=_("skill"))
    created_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = ActiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("skill to learn")
        verbose_name_plural = _("skills to learn")
        ordering = ["skill__category__name", "skill__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "skill"], condition=models.Q(removed_at__isnull=True), name="one_active_wish_per_skill"
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.skill}"


class QuestionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the expert")
    ACCEPTED = "accepted", _("Accepted by the expert")
    DECLINED = "declined", _("Declined by the expert")
    ANSWERED = "answered", _("Answered")


class ExpertQuestion(models.Model):
    """A question a member asks an expert about one of the expert's skills."""

    asker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="questions_asked")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="questions_received")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="questions", verbose_name=_("skill concerned"))
    subject = models.CharField(_("subject"), max_length=200)
    message = models.TextField(_("message"), max_length=5000)
    status = models.CharField(_("status"), max_length=20, choices=QuestionStatus.choices, default=QuestionStatus.PENDING)
    answer = models.TextField(_("answer"), max_length=5000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    emailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("question to an expert")
        verbose_name_plural = _("questions to experts")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["asker", "created_at"], name="expertquestion_asker_created")]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("skills_directory:question_detail", kwargs={"pk": self.pk})


class ExpertQuestionEvent(models.Model):
    """One row per state change of a question: who, what, when."""

    question = models.ForeignKey(ExpertQuestion, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=QuestionStatus.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.question_id} → {self.status}"
