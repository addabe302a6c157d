"""Small helpers shared by the publication tests."""

import html as html_lib
import json
import re
from html.parser import HTMLParser

from tests.factories import make_publication


def paper(lab, title, *, authors=(), tags=(), links=(), **fields):
    """A paper; each author is a name, (name, person) or (name, person, {"corresponding": …});
    tags are Tag rows or slugs, links (kind, url) or (kind, url, label)."""
    return make_publication(lab=lab, title=title, authors=authors, tags=tags, links=links, **fields)


def titles(html: str) -> list[str]:
    """Titles of the entries of a publication list, in page order (unescaped)."""
    return [
        html_lib.unescape(title)
        for title in re.findall(
            r'<div class="pub-title">(?:<span class="badge">[^<]*</span> )?'
            r'<a href="[^"]*">([^<]*)</a>',
            html,
        )
    ]


def headings(html: str) -> list[str]:
    return [re.sub(r"\s+", " ", h).strip() for h in re.findall(r'<h2 id="[^"]*">(.*?)</h2>', html)]


class HeadParser(HTMLParser):
    """Collects <meta> tags and JSON-LD scripts of a page."""

    def __init__(self):
        super().__init__()
        self.meta: list[tuple[str, str]] = []
        self.json_ld: list[str] = []
        self._in_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("name" in attrs or "property" in attrs):
            self.meta.append((attrs.get("name") or attrs.get("property"), attrs.get("content")))
        if tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_ld = False

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld[-1] += data

    def values(self, name):
        return [content for key, content in self.meta if key == name]

    def ld(self):
        return [json.loads(text) for text in self.json_ld]


def parse_head(html: str) -> HeadParser:
    parser = HeadParser()
    parser.feed(html)
    return parser
