"""The network's skills vocabulary (the directory itself comes with its own issue)."""

from django.db import models
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
