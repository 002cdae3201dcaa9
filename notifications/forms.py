from django import forms

from .registry import Delivery, NotificationKind


class PreferencesForm(forms.Form):
    """One choice per registered kind: immediately, in the daily digest, or never."""

    def __init__(self, *args, preferences: list[tuple[NotificationKind, str]], **kwargs):
        super().__init__(*args, **kwargs)
        for kind, delivery in preferences:
            self.fields[f"kind_{kind.key}"] = forms.ChoiceField(
                label=kind.label,
                help_text=kind.description,
                choices=Delivery.choices,
                initial=delivery,
                widget=forms.RadioSelect,
                required=False,  # a kind left out (registered after the page was shown) keeps its setting
            )

    def deliveries(self) -> dict[str, str]:
        return {name.removeprefix("kind_"): value for name, value in self.cleaned_data.items() if value}
