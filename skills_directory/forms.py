from django import forms
from django.utils.translation import gettext_lazy as _

from extranet.fields import MuseumChoiceField
from extranet.models import Department

from .models import ExpertQuestion, Level, MemberSkill, Skill, SkillCategory
from .selectors import grouped_skill_choices


class SkillChoiceField(forms.TypedChoiceField):
    """One skill of the vocabulary, chosen in a list grouped by category; cleans to a Skill."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("coerce", int)
        super().__init__(*args, **kwargs)

    def clean(self, value):
        pk = super().clean(value)
        if pk in (None, ""):
            return None
        skill = Skill.objects.filter(pk=pk).first()
        if skill is None:
            raise forms.ValidationError(_("Choose a skill from the list."))
        return skill


class SkillMultipleChoiceField(forms.TypedMultipleChoiceField):
    """Several skills of the vocabulary (checkboxes grouped by category); cleans to a list of Skills.

    Usable by other apps: the forum's topic form tags a question with skills through it.
    """

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("coerce", int)
        super().__init__(*args, **kwargs)
        self.choices = grouped_skill_choices

    def clean(self, value):
        pks = super().clean(value)
        return list(Skill.objects.filter(pk__in=pks).select_related("category").order_by("name"))


class DeclareSkillForm(forms.Form):
    skill = SkillChoiceField(label=_("Skill"))
    level = forms.TypedChoiceField(label=_("Level"), choices=Level.choices, coerce=int, initial=Level.PRACTICE)
    description = forms.CharField(
        label=_("What I did with it"),
        required=False,
        max_length=MemberSkill._meta.get_field("description").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=MemberSkill._meta.get_field("description").help_text,
    )
    willing_to_be_asked = forms.BooleanField(label=_("Colleagues may ask me about it"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].choices = [("", "---------")] + grouped_skill_choices()


class LearningWishForm(forms.Form):
    skill = SkillChoiceField(label=_("Skill I want to learn"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].choices = [("", "---------")] + grouped_skill_choices()


class HiddenForm(forms.Form):
    hidden = forms.BooleanField(label=_("Hide me from the directory"), required=False)


class DirectorySearchForm(forms.Form):
    skills = SkillMultipleChoiceField(label=_("Skills (all required)"), required=False)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=SkillCategory.objects.order_by("name"), required=False, empty_label=_("All categories")
    )
    museum = MuseumChoiceField(label=_("Museum"), required=False, empty_label=_("All museums"))
    department = forms.ChoiceField(label=_("Department"), required=False)
    level = forms.TypedChoiceField(
        label=_("Level at least"), choices=[("", _("Any level"))] + Level.choices, coerce=int, required=False, empty_value=None
    )
    willing = forms.BooleanField(label=_("Only people willing to be asked"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", _("All departments"))] + list(Department.choices)


class AskExpertForm(forms.ModelForm):
    skill = SkillChoiceField(label=_("Skill concerned"))

    class Meta:
        model = ExpertQuestion
        fields = ["skill", "subject", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "message": _("The expert receives it by email with your address to reply to, and in their members' space."),
        }

    def __init__(self, *args, skills: list[Skill], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].choices = [(skill.pk, skill.name) for skill in skills]
        self._allowed = {skill.pk for skill in skills}

    def clean_skill(self):
        skill = self.cleaned_data["skill"]
        if skill is None or skill.pk not in self._allowed:
            raise forms.ValidationError(_("Choose a skill from the list."))
        return skill


class RespondForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Your email address stays hidden from the person who asked, unless your profile shows it."),
    )
