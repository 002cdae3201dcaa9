"""Post content: machina's markdown, then an allow-list of HTML (nh3).

machina renders markdown with markdown2 in safe mode, which still lets
`![x](javascript:alert(1))` through as an `img src` (DESIGN.md). Whatever markdown2 produces
goes through nh3 (ammonia): only the tags and attributes below survive, links and images
only with http(s)/mailto or relative URLs, links get rel="noopener noreferrer nofollow".
The rendered HTML is stored by machina at save time, so it is sanitised once, when written.
"""

import nh3
from machina.core.markdown import markdown

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "img", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody", "td",
    "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "abbr": {"title"},
    "td": {"align"},
    "th": {"align"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def sanitize(html: str) -> str:
    """The allow-listed form of an HTML fragment: nothing executable survives."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def render(text: str, **kwargs) -> str:
    """machina's markdown rendering (MACHINA_MARKUP_LANGUAGE), sanitised."""
    return sanitize(markdown(text or "", **kwargs))
