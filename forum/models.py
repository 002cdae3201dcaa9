"""What the network adds to machina's forums: which forum belongs to which working group,
and who follows a whole forum (machina itself only knows topic subscriptions)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkingGroupForum(models.Model):
    """The private forum of a working group: only its members and the coordinators see it."""

    forum = models.OneToOneField("forum.Forum", on_delete=models.CASCADE, related_name="working_group_link")
    group = models.OneToOneField("extranet.WorkingGroup", on_delete=models.PROTECT, related_name="forum_link")

    class Meta:
        verbose_name = _("working group forum")
        verbose_name_plural = _("working group forums")

    def __str__(self):
        return f"{self.group} → {self.forum}"


class ForumSubscription(models.Model):
    """A member follows every new topic and reply of a forum."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="forum_subscriptions")
    forum = models.ForeignKey("forum.Forum", on_delete=models.CASCADE, related_name="network_subscriptions")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("forum subscription")
        verbose_name_plural = _("forum subscriptions")
        constraints = [models.UniqueConstraint(fields=["user", "forum"], name="one_subscription_per_forum")]

    def __str__(self):
        return f"{self.user} → {self.forum}"


class TopicSkill(models.Model):
    """A skill of the network's vocabulary a forum question is about: its holders who are
    willing to be asked are told of the question (skills_directory.services.skill_experts_notify)."""

    topic = models.ForeignKey("forum_conversation.Topic", on_delete=models.CASCADE, related_name="skill_tags")
    skill = models.ForeignKey("skills_directory.Skill", on_delete=models.PROTECT, related_name="+")
    tagged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("skill of a forum question")
        verbose_name_plural = _("skills of forum questions")
        constraints = [models.UniqueConstraint(fields=["topic", "skill"], name="one_tag_per_topic_and_skill")]

    def __str__(self):
        return f"{self.topic_id} → {self.skill}"


class ForumClosure(models.Model):
    """A forum closed by a coordinator: it stays readable, nobody starts a topic or replies in it
    (nor in the forums below it), its open topics are locked. Reopening keeps the row (history)."""

    forum = models.ForeignKey("forum.Forum", on_delete=models.CASCADE, related_name="closures")
    closed_at = models.DateTimeField(_("closed on"), auto_now_add=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    # The topics the closure locked (and reopening unlocks): those locked before stay locked.
    locked_topic_ids = models.JSONField(default=list, blank=True)
    reopened_at = models.DateTimeField(_("reopened on"), null=True, blank=True)
    reopened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("forum closure")
        verbose_name_plural = _("forum closures")
        constraints = [
            models.UniqueConstraint(
                fields=["forum"], condition=models.Q(reopened_at__isnull=True), name="one_open_closure_per_forum"
            )
        ]

    def __str__(self):
        return f"{self.forum_id} closed {self.closed_at:%Y-%m-%d}"
