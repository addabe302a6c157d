"""The one markdown renderer: people bios, lab about, news, awards, CV entries.

Rendered once on save (models store ``*_html``) and sanitised with an allow-list, so
templates can print the stored HTML without trusting the author. django-markdownx's
admin preview uses the same function (``MARKDOWNX_MARKDOWNIFY_FUNCTION``), so the
preview shows exactly what the public page will.
"""

import html as html_lib
import re

import markdown
import nh3

from labsite.markdown_extensions import (
    CALLOUT_CLASSES,
    CALLOUT_LABEL_CLASS,
    LabsiteMarkdownExtension,
)

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "img", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody",
    "td", "th", "thead", "tr", "ul", "span", "kbd", "mark", "dl", "dt", "dd", "aside",
}  # fmt: skip
# No id/style anywhere: ids clobber the page's DOM, styles can overlay the page. Classes
# only the callouts' own (labsite/markdown_extensions.py), which the theme styles.
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
}
# No javascript:, data:, vbscript: … ; relative URLs (/media/…) stay allowed.
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
# Tags whose content is dropped too, not kept as text.
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "noscript", "template", "textarea"}
ALLOWED_CLASSES = {"aside": CALLOUT_CLASSES, "p": {CALLOUT_LABEL_CLASS}}
# Images in user text never block the page; an <aside> in user text is a note, never a
# landmark of the page's own.
FORCED_ATTRIBUTES = {"img": {"loading": "lazy", "decoding": "async"}, "aside": {"role": "note"}}
# The page owns its <h1>; an author's "# Heading" becomes the next level down.
_H1 = re.compile(r"<(/?)h1(?=[\s>])", re.IGNORECASE)


def sanitise_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
        set_tag_attribute_values=FORCED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
    )


# What a one-line title (an award's) may carry: emphasis and highlights, no blocks or links.
INLINE_TAGS = {"em", "strong", "mark", "code", "sub", "sup", "del", "s"}
# A line start markdown would read as a list or heading ("1. place", "# 1", "- x"): escaped.
_BLOCK_START = re.compile(r"^(\d*)(?=[.)]\s)(?<=\d)|^(?=[#>*+-]\s)")


def render_inline_markdown(text: str) -> str:
    """One line of markdown → safe inline HTML (``==National Scholarship==`` → ``<mark>``);
    block markup a title may look like ("1. place", "# 1") stays text, tags outside the
    inline allow-list are dropped with their words kept."""
    if not text or not text.strip():
        return ""
    line = _BLOCK_START.sub(lambda found: found.group(0) + "\\", " ".join(text.split()), 1)
    # No smarty: a title keeps the quotes and dashes it was typed with.
    html = markdown.markdown(line, extensions=[LabsiteMarkdownExtension()], output_format="html")
    return nh3.clean(html, tags=INLINE_TAGS, attributes={}, strip_comments=True).strip()


_MARK_CHARACTERS = frozenset("=*_`~<&\\")


def has_inline_marks(text: str) -> bool:
    """Whether a one-line title may hold markdown (most titles hold none)."""
    return bool(_MARK_CHARACTERS.intersection(text))


def strip_inline_marks(text: str) -> str:
    """The words of a one-line title without its marks (for a badge or plain text)."""
    if not has_inline_marks(text):
        return text
    html = render_inline_markdown(text)
    return html_lib.unescape(nh3.clean(html, tags=set())) if html else ""


def render_markdown(text: str) -> str:
    """Markdown → safe HTML. Also django-markdownx's preview function."""
    if not text or not text.strip():
        return ""
    # A fresh converter per call: ``markdown.Markdown`` instances keep state between calls.
    extensions = ["extra", "sane_lists", "smarty", LabsiteMarkdownExtension()]
    html = markdown.markdown(text, extensions=extensions, output_format="html")
    return sanitise_html(_H1.sub(r"<\1h2", html))
