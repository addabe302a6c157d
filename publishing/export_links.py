"""Links of an exported page, rewritten so the export works from where it is put.

A page's links name the lab's host (``https://lab.example.edu/people/ada/``) or its root
(``/static/labsite/site.css``); an export lives under another address (a GitHub Pages
project, a folder, ``file://``). :class:`LinkMap` turns each such link into an address
under the base URL, or, with no base URL, into a path relative to the page's own file
(``../../people/ada/index.html``: a file:// browser does not look for ``index.html``).
Any other link (another site, ``mailto:``, a fragment, an already relative path) stays.

HTML is read with :mod:`html.parser`: only the start tags that carry a rewritten value are
written anew, every other byte of the page stays as the app rendered it.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit, urlunsplit

from django.conf import settings

from publishing.paths import PublishError

# Attributes that hold one URL, and the <meta> whose content is one. Open Graph and the
# canonical link name the page by its absolute address: rewritten only under a base URL.
URL_ATTRIBUTES = frozenset({"href", "src", "xlink:href", "poster", "action"})
META_URL_PROPERTIES = frozenset({"og:url", "og:image", "twitter:image"})
_CSS_URL = re.compile(r"""url\(\s*(?P<quote>['"]?)(?P<url>[^'")\s]+)(?P=quote)\s*\)""")


@dataclass
class LinkMap:
    """How one export rewrites a site path: ``files`` maps each exported page's URL path to
    its file; ``assets`` collects the static and media paths the pages and stylesheets use."""

    host: str
    base_url: str  # "" for relative links; else ends with "/"
    scheme: str = "https"
    files: dict[str, str] = field(default_factory=dict)
    assets: set[str] = field(default_factory=set)

    @property
    def origin(self) -> str:
        return f"{self.scheme}://{self.host}/"

    def site_path(self, url: str, *, base: str) -> tuple[str, str, str] | None:
        """``(path, query, fragment)`` when ``url`` (read on the page at ``base``) is a page
        or file of this host; None for any other address."""
        parts = urlsplit(url)
        if parts.scheme and parts.scheme not in ("http", "https"):
            return None
        if parts.netloc:
            if (parts.hostname or "").lower() != self.host:
                return None
        elif not parts.path.startswith("/"):
            if parts.scheme or not parts.path:
                return None
            # Relative to a stylesheet or page: resolved against it, then rewritten.
            parts = urlsplit(urljoin(base, url))
        return parts.path or "/", parts.query, parts.fragment

    def file_of(self, path: str) -> str:
        if path in self.files:
            return self.files[path]
        if path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
            self.assets.add(path)
        stripped = path.lstrip("/")
        return f"{stripped}index.html" if path.endswith("/") or not stripped else stripped

    def rewrite(self, url: str, *, page_path: str, page_file: str, absolute_only=False) -> str:
        """``url`` as the page at ``page_path`` (written to ``page_file``) should say it."""
        found = self.site_path(url.strip(), base=page_path)
        if found is None:
            return url
        path, query, fragment = found
        target = self.file_of(path)
        if self.base_url:
            # A static host serves a directory's index.html itself (keep the site's own
            # form), but not its index.atom: a feed is named by its file.
            kept = path.endswith("/") and target.endswith("index.html")
            address = self.base_url + (path.lstrip("/") if kept else target)
            return urlunsplit(("", "", address, query, fragment))
        if absolute_only:
            return url
        relative = posixpath.relpath(target, posixpath.dirname(page_file) or ".")
        return urlunsplit(("", "", relative, query, fragment))

    def rewrite_absolute_text(self, text: str) -> str:
        """The host's absolute addresses in ``text`` (a feed, a sitemap, JSON-LD) as the base
        URL's, a feed's by its file (a static host serves no ``index.atom`` for ``/``)."""
        for path, file in self.files.items():
            if path.endswith("/") and not file.endswith("index.html"):
                text = text.replace(f"{self.origin}{path.lstrip('/')}", self.base_url + file)
        return text.replace(self.origin, self.base_url)

    def rewrite_srcset(self, value: str, **where) -> str:
        candidates = []
        for candidate in value.split(","):
            words = candidate.split()
            if words:
                words[0] = self.rewrite(words[0], **where)
                candidates.append(" ".join(words))
        return ", ".join(candidates)


class _StartTags(HTMLParser):
    """Collects ``(offset, original text, new text)`` for each start tag to rewrite."""

    def __init__(self, text: str, links: LinkMap, where: dict):
        super().__init__(convert_charrefs=False)
        self.links, self.where = links, where
        # getpos() counts "\n" only (not splitlines' U+2028 and friends, which text may hold).
        self.line_offsets = [0]
        for line in text.split("\n"):
            self.line_offsets.append(self.line_offsets[-1] + len(line) + 1)
        self.changes: list[tuple[int, str, str]] = []
        self.in_data_block = False

    def _value(self, tag: str, name: str, value: str, attrs: dict) -> str:
        if name == "srcset":
            return self.links.rewrite_srcset(value, **self.where)
        if name == "content" and tag == "meta" and (
                attrs.get("property") or attrs.get("name")) in META_URL_PROPERTIES:
            return self.links.rewrite(value, absolute_only=True, **self.where)
        if name == "href" and tag == "link" and "canonical" in (attrs.get("rel") or "").split():
            return self.links.rewrite(value, absolute_only=True, **self.where)
        if name in URL_ATTRIBUTES:
            return self.links.rewrite(value, **self.where)
        return value

    def handle_starttag(self, tag, attrs, *, closing=False):
        plain = dict(attrs)
        self.in_data_block = tag == "script" and plain.get("type") == "application/ld+json"
        new = [(name, None if value is None else self._value(tag, name, value, plain))
               for name, value in attrs]
        if new == attrs:
            return
        offset = self._offset()
        rendered = "".join(
            f" {name}" if value is None else f' {name}="{html.escape(value, quote=True)}"'
            for name, value in new
        )
        self.changes.append(
            (offset, self.get_starttag_text(), f"<{tag}{rendered}{' /' if closing else ''}>"))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs, closing=True)

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_offsets[line - 1] + column

    def handle_data(self, data):
        # JSON-LD names the page by absolute address: the base URL's, under one.
        if self.lasttag == "script" and self.in_data_block and self.links.base_url:
            new = self.links.rewrite_absolute_text(data)
            if new != data:
                self.changes.append((self._offset(), data, new))

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_data_block = False


def rewrite_html(body: bytes, links: LinkMap, *, page_path: str, page_file: str) -> bytes:
    text = body.decode("utf-8")
    parser = _StartTags(text, links, {"page_path": page_path, "page_file": page_file})
    parser.feed(text)
    parser.close()
    pieces, position = [], 0
    for offset, original, new in parser.changes:
        if text[offset:offset + len(original)] != original:  # the parser's position drifted
            raise PublishError(f"{page_path}: could not place a rewritten link at {offset}.")
        pieces += [text[position:offset], new]
        position = offset + len(original)
    pieces.append(text[position:])
    return "".join(pieces).encode("utf-8")


def rewrite_css(css: bytes, links: LinkMap, *, css_path: str) -> bytes:
    """The ``url(…)`` references of a stylesheet at ``css_path``, rewritten (and collected
    in ``links.assets``)."""
    text = css.decode("utf-8")

    def replace(match: re.Match) -> str:
        url = match.group("url")
        if url.startswith(("data:", "#")):
            return match.group(0)
        quote = match.group("quote")
        new = links.rewrite(url, page_path=css_path, page_file=css_path.lstrip("/"))
        return f"url({quote}{new}{quote})"

    return _CSS_URL.sub(replace, text).encode("utf-8")


def rewrite_absolute(body: bytes, links: LinkMap) -> bytes:
    """Feeds, sitemap and robots name pages by absolute address: the host's become the base
    URL's (a sitemap must list absolute URLs), a feed's by its file (``…/index.atom``)."""
    if not links.base_url:
        return body
    return links.rewrite_absolute_text(body.decode("utf-8")).encode("utf-8")
