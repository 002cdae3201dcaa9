from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Skill, SkillCategory


class SkillViewSet(SnippetViewSet):
    model = Skill
    icon = "tag"
    list_display = ["name", "category"]
    list_filter = ["category"]
    search_fields = ["name"]


class SkillCategoryViewSet(SnippetViewSet):
    model = SkillCategory
    icon = "folder-open-inverse"


class SkillsGroup(SnippetViewSetGroup):
    items = (SkillViewSet, SkillCategoryViewSet)
    menu_icon = "tag"
    menu_label = _("Skills")
    menu_name = "skills"


register_snippet(SkillsGroup)
