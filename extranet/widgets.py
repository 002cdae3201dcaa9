"""Form widgets shared by the apps."""

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
                f'<option value="{escape("" if option["value"] is None else option["value"])}"'
                f'{flatatt(option["attrs"])}>{escape(option["label"])}</option>'
                for option in options
            )
            groups.append(f'<optgroup label="{escape(group_name)}">{rendered}</optgroup>'
                          if group_name is not None else rendered)
        return format_html('<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]),
                           mark_safe("".join(groups)))  # noqa: S308 - every value and label escaped above
