"""Post content is markdown rendered by machina, then passed through an allow-list (nh3)."""

import re
from html.parser import HTMLParser

import pytest

from forum.markup import ALLOWED_TAGS, render

from .conftest import make_topic, topic_url

XSS_CORPUS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    "<svg onload=alert(1)>",
    '<a href="javascript:alert(1)">clic</a>',
    "[clic](javascript:alert(1))",
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[clic](&#106;avascript:alert(1))",
    "[clic](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;:alert(1))",
    "[clic](jav&#x09;ascript:alert(1))",
    "[clic](JaVaScRiPt:alert(1))",
    "[clic](vbscript:msgbox(1))",
    '[clic](http://ok.example/" onmouseover="alert(1))',
    '![x](http://ok.example/a.png" onerror="alert(1))',
    '<p style="background:url(javascript:alert(1))">x</p>',
    "<iframe src=//evil.example></iframe>",
    '<form action="javascript:alert(1)"><button>x</button></form>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116:alert(1)">x</a>',
    "<<script>script>alert(1)<</script>/script>",
    '"><img src=x onerror=alert(1)>',
    "<object data=javascript:alert(1)>",
    "<embed src=javascript:alert(1)>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<base href=javascript:alert(1)//>",
    '<div onclick="alert(1)">x</div>',
]

class _Audit(HTMLParser):
    """Every element and attribute of the rendered HTML, as a browser would parse them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in {"style", "srcdoc", "formaction", "action"}:
                self.problems.append(f"{tag}[{name}]")
            if name in {"href", "src"} and value:
                # What the browser would resolve: entities decoded, control characters ignored.
                match = re.match(r"^([a-z][a-z0-9+.-]*):", re.sub(r"[\x00-\x20]", "", value), re.I)
                if match and match.group(1).lower() not in {"http", "https", "mailto"}:
                    self.problems.append(f"{tag}[{name}={value}]")

    handle_startendtag = handle_starttag


def assert_nothing_executable(html):
    audit = _Audit()
    audit.feed(html)
    audit.close()
    assert not audit.problems, f"{audit.problems} in {html!r}"


@pytest.mark.parametrize("payload", XSS_CORPUS)
def test_the_xss_corpus_renders_nothing_executable(payload):
    assert_nothing_executable(render(payload))


def test_ordinary_markdown_still_renders():
    html = render("**gras** et [un lien](https://musenor.example/) et ![image](https://musenor.example/a.png)")
    assert "<strong>gras</strong>" in html
    assert 'href="https://musenor.example/"' in html
    assert 'src="https://musenor.example/a.png"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_a_hostile_post_is_stored_and_shown_sanitised(client, member_a, theme_forum):
    topic = make_topic(theme_forum, member_a, subject="Essai", content="\n\n".join(XSS_CORPUS))
    assert_nothing_executable(topic.first_post.content.rendered)
    client.force_login(member_a)
    page = client.get(topic_url(topic)).content.decode()
    body = page.split('<div class="post-content">', 1)[1].split("</div>", 1)[0]
    assert_nothing_executable(body)
