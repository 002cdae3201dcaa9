"""French text analysis shared by indexing, querying and excerpts.

One analyzer everywhere: what a document is cut into when indexed, what a query is cut into
when parsed (whoosh's query parser runs each field's own analyzer) and which words an
excerpt marks. Accents are folded *before* stemming, so "preventive" and "préventive" reach
the French Snowball stemmer as the same word.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.highlight import ContextFragmenter, HtmlFormatter, highlight
from whoosh.support.charset import accent_map


def french_analyzer():
    """Tokenize, lower-case, drop French stop words, fold accents, stem in French."""
    return (
        RegexTokenizer()
        | LowercaseFilter()
        | StopFilter(lang="fr")
        | CharsetFilter(accent_map)
        | StemFilter(lang="fr", cachesize=50000)
    )


class MarkFormatter(HtmlFormatter):
    """Wraps matched words in <mark>; every other character is HTML-escaped by whoosh."""

    template = "<%(tag)s>%(t)s</%(tag)s>"

    def __init__(self):
        super().__init__(tagname="mark", between=" … ")


def excerpt(text: str, query: str, *, length: int = 240) -> SafeString:
    """An HTML-safe excerpt of `text` around the words of `query`, matches in <mark>."""
    text = text or ""
    analyzer = french_analyzer()
    terms = {token.text for token in analyzer(query or "")}
    marked = ""
    if terms:
        marked = highlight(
            text, terms, analyzer, ContextFragmenter(maxchars=length, surround=length // 3), MarkFormatter(), top=2
        )
    if marked:
        # whoosh's HtmlFormatter escapes the text and the matched words itself.
        return mark_safe(marked)  # noqa: S308
    shortened = text if len(text) <= length else text[:length].rsplit(" ", 1)[0] + " …"
    return escape(shortened)
