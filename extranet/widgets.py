"""Form widgets shared by the apps."""

from html import escape as escape_text

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe


class QuickSelect(forms.Select):
    """A <select> written in Python rather than with one template per option.

    Same HTML as Django's Select; Django renders `select_option.html` once per option, which
    for the museum filters (1,200 museums at country scale) took most of a page's time.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _index in widget["optgroups"]:
            rendered = "".join(
                f'<option value="{escape_text(str("" if option["value"] is None else option["value"]))}"'
                f'{_option_attrs(option["attrs"])}>{escape_text(str(option["label"]))}</option>'
                for option in options
            )
            groups.append(f'<optgroup label="{escape(group_name)}">{rendered}</optgroup>'
                          if group_name is not None else rendered)
        return format_html('<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]),
                           mark_safe("".join(groups)))  # noqa: S308 - every value and label escaped above


def _option_attrs(attrs) -> str:
    # Nearly every option has no attribute or only `selected`: flatatt's general path, per
    # option, was a third of the select's time.
    if not attrs:
        return ""
    if attrs == {"selected": True}:
        return " selected"
    return flatatt(attrs)
