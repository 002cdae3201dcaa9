from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from extranet.fields import ModelMultipleChoiceField, MuseumChoiceField
from extranet.models import Department, Museum, WorkingGroup
from extranet.permissions import is_coordinator, museums_acted_for_by
from skills_directory.models import Skill

from . import permissions
from .models import (
    Document,
    DocumentKind,
    DocumentVisibility,
    Exhibition,
    Publication,
    PublicationKind,
)
from .services import check_document_upload, check_exhibition_image

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _themes_field():
    return ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Skill.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("The network's vocabulary of skills; hold Ctrl (⌘ on a Mac) to choose several."),
    )


class DocumentMetadataForm(forms.ModelForm):
    themes = _themes_field()

    class Meta:
        model = Document
        fields = [
            "title", "summary", "kind", "date", "meeting_date", "deadline", "authors", "museum", "working_group",
            "themes", "language", "visibility",
        ]
        widgets = {"date": DATE, "meeting_date": DATE, "deadline": DATE, "summary": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "meeting_date": _("Meeting minutes only."),
            "deadline": _("Calls for projects only."),
            "museum": _("The museum this document belongs to, if any."),
            "working_group": _("The working group this document belongs to, if any (required for minutes)."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["museum"].queryset = permissions.upload_museums_for(user)
        self.fields["working_group"].queryset = permissions.upload_groups_for(user)
        if self.instance.pk:
            # Keep the current museum/group selectable for a manager who edits a colleague's document.
            if self.instance.museum_id:
                self.fields["museum"].queryset = (
                    self.fields["museum"].queryset | Museum.objects.filter(pk=self.instance.museum_id)
                ).distinct()
            if self.instance.working_group_id:
                self.fields["working_group"].queryset = (
                    self.fields["working_group"].queryset | WorkingGroup.objects.filter(pk=self.instance.working_group_id)
                ).distinct()
        if not is_coordinator(user):
            self.fields["visibility"].choices = [
                c for c in DocumentVisibility.choices if c[0] != DocumentVisibility.COORDINATORS
            ]

    def metadata(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("file", None)
        data.pop("themes", None)
        return data


class DocumentUploadForm(DocumentMetadataForm):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, office or OpenDocument file, image, CSV or plain text."),
    )

    class Meta(DocumentMetadataForm.Meta):
        fields = ["file", *DocumentMetadataForm.Meta.fields]

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        check_document_upload(uploaded)
        return uploaded

    def _post_clean(self):
        # The service validates the model (it needs the stored file first).
        pass


class DocumentEditForm(DocumentMetadataForm):
    def _post_clean(self):
        pass


class DocumentReplaceForm(forms.Form):
    file = forms.FileField(label=_("New file"))
    note = forms.CharField(
        label=_("What changed"), max_length=300, required=False,
        help_text=_("For example: corrected figures, version approved by the group."),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        check_document_upload(uploaded)
        return uploaded


class LibraryFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *DocumentKind.choices])
    theme = forms.ModelChoiceField(label=_("Theme"), required=False, queryset=Skill.objects.order_by("name"),
                                   empty_label=_("All themes"))
    museum = MuseumChoiceField(label=_("Museum"), required=False, empty_label=_("All museums"))
    working_group = forms.ModelChoiceField(label=_("Working group"), required=False,
                                           queryset=WorkingGroup.objects.order_by("name"),
                                           empty_label=_("All working groups"))
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")), *((y, y) for y in years)]


class ExhibitionForm(forms.ModelForm):
    themes = _themes_field()

    class Meta:
        model = Exhibition
        fields = ["museum", "title", "start", "end", "description", "image", "link", "themes"]
        widgets = {"start": DATE, "end": DATE, "description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["museum"].queryset = museums_acted_for_by(user).order_by("search_key")
        self.fields["image"].widget = forms.ClearableFileInput()
        self.fields["image"].help_text = _("PNG, JPEG, GIF or WebP.")

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and hasattr(image, "content_type"):  # a new upload, not the stored file
            check_exhibition_image(image)
        return image

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("An exhibition cannot close before it opens."))
        return data

    def _post_clean(self):
        pass


class ExhibitionFilterForm(forms.Form):
    museum = MuseumChoiceField(label=_("Museum"), required=False, empty_label=_("All museums"))
    department = forms.ChoiceField(label=_("Department"), required=False,
                                   choices=[("", _("All departments")), *Department.choices])
    theme = forms.ModelChoiceField(label=_("Theme"), required=False, queryset=Skill.objects.order_by("name"),
                                   empty_label=_("All themes"))


class PublicationForm(forms.ModelForm):
    class Meta:
        model = Publication
        fields = ["title", "authors", "year", "publisher", "museum", "kind", "isbn", "link", "document"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["museum"].queryset = museums_acted_for_by(user).order_by("search_key")
        self.fields["document"].queryset = permissions.documents_visible_to(user).filter(
            kind__in=[DocumentKind.PUBLICATION, DocumentKind.GUIDE, DocumentKind.OTHER]
        ).order_by("title")
        self.fields["document"].help_text = _("Optional: the document of the library holding this publication.")

    def clean_isbn(self):
        isbn = self.cleaned_data["isbn"].replace("-", "").replace(" ", "").upper()
        if isbn and not (len(isbn) in (10, 13) and isbn[:-1].isdigit() and (isbn[-1].isdigit() or isbn[-1] == "X")):
            raise ValidationError(_("An ISBN has 10 or 13 digits."))
        return isbn

    def _post_clean(self):
        pass


class PublicationFilterForm(forms.Form):
    q = forms.CharField(label=_("Title or author"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *PublicationKind.choices])
    museum = MuseumChoiceField(label=_("Museum"), required=False, empty_label=_("All museums"))
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1800, max_value=2100)
