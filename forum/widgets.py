"""The post editor: a plain textarea (works without JavaScript) with @mention completion."""

from django.forms.widgets import Textarea


class MentionMarkdownWidget(Textarea):
    """Markdown textarea; static/forum/forum.js (loaded by board_base.html) offers member names
    after "@"."""

    def __init__(self, attrs=None):
        super().__init__({"rows": 10, "data-mentions": "on", **(attrs or {})})
