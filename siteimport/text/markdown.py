"""What themes add to markdown, removed: Liquid, HTML comments, kramdown attributes, Hugo
shortcodes, network badges. Removal keeps the line count (a removed span becomes the
newlines it held) so every later line still knows its line in the file.

The page cleaners each reader uses are in ``siteimport.text.cleaning``; they are built from
these rules only."""

from __future__ import annotations

import re

# Bounded: an unclosed "{%" must not send every later one to the end of the page
# (quadratic); a real Liquid tag is far shorter.
_LIQUID = re.compile(r"\{%-?[\s\S]{0,500}?-?%\}|\{\{-?[\s\S]{0,500}?-?\}\}")
_LIQUID_SITE_URL = re.compile(r"\{\{\s*site\.(?:url|baseurl)\s*\}\}")
_SCRIPT = re.compile(r"<(script|style|iframe)\b.*?(?:</\1\s*>|$)", re.I | re.S)
_KRAMDOWN_ATTRIBUTES = re.compile(r"\{:[^}\n]*\}")
# Goldmark / kramdown attribute lines: {style="text-align: justify;"}, {.class}
_ATTRIBUTE_LINES = re.compile(r"^[ \t]*\{[ \t]*(?:[.#][\w-]+|[\w-]+=)[^{}\n]*\}[ \t]*$", re.M)
_NBSP = re.compile(r"&nbsp;|\u00a0")
_BLANK_RUNS = re.compile(r"\n{3,}")
_RULE = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")


def blank(match: re.Match) -> str:
    """A removed span of text as the newlines it held, so later lines keep their numbers."""
    return "\n" * match.group(0).count("\n")


def strip_liquid(text: str) -> str:
    """Liquid tags and outputs removed (their newlines kept); ``{{ site.url }}{{
    site.baseurl }}/x`` becomes "/x"."""
    return _LIQUID.sub(blank, _LIQUID_SITE_URL.sub("", text))


def strip_scripts(text: str) -> str:
    """``<script>``, ``<style>`` and ``<iframe>`` blocks removed, their newlines kept."""
    return _SCRIPT.sub(blank, text)


def strip_kramdown_attributes(text: str) -> str:
    """``{: .class}`` anywhere and attribute-only lines (``{style="…"}``) removed."""
    return _ATTRIBUTE_LINES.sub("", _KRAMDOWN_ATTRIBUTES.sub("", text))


def _comment_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each HTML comment, found with ``str.find`` (linear); an unclosed one
    runs to the end of the page, as it does in a browser."""
    spans: list[tuple[int, int]] = []
    position = text.find("<!--")
    while position != -1:
        end = text.find("-->", position + 4)
        if end == -1:
            spans.append((position, len(text)))
            break
        spans.append((position, end + 3))
        position = text.find("<!--", end + 3)
    return spans


def comments(text: str) -> list[tuple[int, str]]:
    """(line, text) of each HTML comment, for the report: commented-out lines are not lost
    silently."""
    found, line, counted = [], 1, 0
    for start, end in _comment_spans(text):
        line += text.count("\n", counted, start)
        counted = start
        found.append((line, text[start + 4 : end].removesuffix("-->").strip()))
    return found


def strip_comments(text: str) -> str:
    """HTML comments removed, their newlines kept."""
    pieces, position = [], 0
    for start, end in _comment_spans(text):
        pieces += [text[position:start], "\n" * text.count("\n", start, end)]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def nbsp_to_space(text: str) -> str:
    return _NBSP.sub(" ", text)


def collapse_blank_lines(text: str) -> str:
    """No run of more than one blank line; no blank ends."""
    return _BLANK_RUNS.sub("\n\n", text).strip()


def tidy(lines: list[str]) -> str:
    """Lines as a markdown body: no blank runs, no blank or ruled-off ends."""
    lines = list(lines)
    while lines and (not lines[0].strip() or _RULE.match(lines[0])):
        lines.pop(0)
    while lines and (not lines[-1].strip() or _RULE.match(lines[-1])):
        lines.pop()
    return collapse_blank_lines("\n".join(lines))


# --- Network badges: citation counts, stars, altmetric donuts say nothing a page needs ----

BADGE_HOSTS = (
    r"(?:img\.shields\.io|badge\.fury\.io|badge\.dimensions\.ai|[\w.]*altmetric\.com)"
)
_LINKED_BADGE = re.compile(rf"\[!\[[^\]]*\]\(\s*https?://{BADGE_HOSTS}[^)]*\)\]\(([^)\s]*)\)")
_BADGE = re.compile(rf"!\[[^\]]*\]\(\s*https?://{BADGE_HOSTS}[^)]*\)")
_HTML_LINKED_BADGE = re.compile(
    r"<a\b[^>]*?\bhref=['\"](?P<url>[^'\"]+)['\"][^>]*>\s*(?P<img><img\b[^>]*>)\s*</a>", re.I
)
_ALT = re.compile(r"""\balt=['"](?P<alt>[^'"]*)['"]""", re.I)
_MARKDOWN_ALT = re.compile(r"^\[!\[(?P<alt>[^\]]*)\]")


def is_badge(image: str) -> bool:
    """An image (markdown or ``<img>``) served by a badge host."""
    return bool(re.search(BADGE_HOSTS, image))


def drop_badges(text: str) -> str:
    """Network badge images gone; a badge that links somewhere leaves nothing either (the
    link is read separately where it means something, such as a paper's code)."""
    return _BADGE.sub("", _LINKED_BADGE.sub("", text))


def drop_html_linked_badges(text: str) -> str:
    """``<a href><img badge></a>`` gone; a linked image that is not a badge stays."""
    return _HTML_LINKED_BADGE.sub(lambda m: "" if is_badge(m["img"]) else m.group(0), text)


def linked_badges(text: str) -> list[tuple[str, str]]:
    """(alt text, address) of each badge that links somewhere: markdown
    ``[![stars](shields…)](https://github.com/x/y)`` or HTML ``<a href><img alt></a>``."""
    found = [
        (_MARKDOWN_ALT.match(match.group(0))["alt"], match.group(1))
        for match in _LINKED_BADGE.finditer(text)
        if match.group(1)
    ]
    for match in _HTML_LINKED_BADGE.finditer(text):
        if is_badge(match["img"]):
            alt = _ALT.search(match["img"])
            found.append((alt["alt"] if alt else "", match["url"]))
    return found


# --- Hugo shortcodes: {{< name args >}} or {{% name args %}}; paired ones close with / ---

_PAIRED_SHORTCODE = re.compile(
    r"\{\{[<%]\s*(?P<name>[\w.-]+)(?P<args>[^}]*?)[>%]\}\}(?P<inner>.*?)"
    r"\{\{[<%]\s*/(?P=name)\s*[>%]\}\}",
    re.S,
)
_SINGLE_SHORTCODE = re.compile(
    r"\{\{[<%]\s*/?\*?\s*(?P<name>[\w./-]+)(?P<args>[^}]*?)\*?/?\s*[>%]\}\}", re.S
)
_ARG = re.compile(r'(?:(\w+)=)?"([^"]*)"')


def _arguments(args: str) -> tuple[dict[str, str], list[str]]:
    named, positional = {}, []
    for name, value in _ARG.findall(args):
        if name:
            named[name] = value
        else:
            positional.append(value)
    return named, positional


def _paired(match: re.Match) -> str:
    named, positional = _arguments(match["args"])
    inner = match["inner"].strip()
    url = named.get("url") or (positional[0] if positional and match["name"] == "staticref" else "")
    if match["name"] in ("staticref", "button", "cta") and url:
        return f"[{inner}]({url})"
    return f"\n\n{inner}\n\n"  # callout, alert, toggle, …: the block of text they frame


def _single(match: re.Match) -> str:
    named, _ = _arguments(match["args"])
    if match["name"] == "figure" and named.get("src"):
        return f"![{named.get('title') or named.get('caption', '')}]({named['src']})"
    if match["name"] == "button" and named.get("url"):
        return f"[{named.get('text') or named['url']}]({named['url']})"
    return ""  # icons, galleries, embeds: nothing a homepage's text can keep


def strip_shortcodes(text: str) -> str:
    """Hugo shortcodes as the markdown they stand for (a link, a figure, the framed text)."""
    previous = None
    while previous != text:  # shortcodes nest (a button inside a callout)
        previous, text = text, _PAIRED_SHORTCODE.sub(_paired, text)
    return _SINGLE_SHORTCODE.sub(_single, text)
