"""Text helpers the Hugo Blox reader needs and siteimport.markup does not have (yet): TOML
front matter, Hugo shortcodes, markdown that has HTML inside it, obfuscated e-mail, the
kind a section heading means. Kept apart so the lead can fold them into markup.py.
"""

from __future__ import annotations

import html
import re
import tomllib

from people.pasted_lists import plain_text
from siteimport.markup import SiteFileError, _Converter, front_matter, html_to_markdown, repair
from siteimport.types import Origin


def toml_data(text: str, path: str) -> dict:
    """A TOML config file (``config/_default/params.toml``), or SiteFileError with the line."""
    try:
        return tomllib.loads(repair(text))
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"line (\d+)", str(error))
        line = int(found[1]) if found else None
        raise SiteFileError(Origin(path, line), f"cannot read the TOML ({error})") from None


def hugo_front_matter(text: str, path: str) -> tuple[dict, str, int]:
    """(metadata, body, body line) of a Hugo page: YAML ("---") as markup reads it, or TOML
    ("+++", the older Academic starters' widgets)."""
    if not text.lstrip("\ufeff").startswith("+++"):
        return front_matter(text, path)
    text = repair(text)
    parts = text.split("+++", 2)
    if len(parts) < 3:
        raise SiteFileError(Origin(path, 1), "the front matter opened with +++ is never closed")
    try:
        metadata = tomllib.loads(parts[1])
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"line (\d+)", str(error))
        line = int(found[1]) if found else 1
        raise SiteFileError(Origin(path, line), f"cannot read the TOML ({error})") from None
    return metadata, parts[2].lstrip("\n"), parts[0].count("\n") + parts[1].count("\n") + 2


# Hugo shortcodes, {{< name args >}} or {{% name args %}}; a paired one closes with {{< /name >}}.
_PAIRED = re.compile(
    r"\{\{[<%]\s*(?P<name>[\w.-]+)(?P<args>[^}]*?)[>%]\}\}(?P<inner>.*?)\{\{[<%]\s*/(?P=name)\s*[>%]\}\}",
    re.S,
)
_SINGLE = re.compile(r"\{\{[<%]\s*/?\*?\s*(?P<name>[\w./-]+)(?P<args>[^}]*?)\*?/?\s*[>%]\}\}", re.S)
_ARG = re.compile(r'(?:(\w+)=)?"([^"]*)"')
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
# Goldmark / kramdown attribute lines: {style="text-align: justify;"}, {.class}
_ATTRIBUTES = re.compile(r"^[ \t]*\{[ \t]*(?:[.#][\w-]+|[\w-]+=)[^{}\n]*\}[ \t]*$", re.M)
_TAG = re.compile(r"</?[a-zA-Z][\w-]*(?:\s[^<>]*)?/?>")
_BLANK_LINES = re.compile(r"\n{3,}")
# Inline HTML inside a markdown line becomes markdown without escaping the markdown around it.
_INLINE = _Converter(
    heading_style="ATX", bullets="-", escape_misc=False, escape_asterisks=False,
    escape_underscores=False,
)


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
    named, positional = _arguments(match["args"])
    if match["name"] == "figure" and named.get("src"):
        return f"![{named.get('title') or named.get('caption', '')}]({named['src']})"
    if match["name"] == "button" and named.get("url"):
        return f"[{named.get('text') or named['url']}]({named['url']})"
    return ""  # icons, galleries, embeds: nothing a homepage's text can keep


def strip_shortcodes(text: str) -> str:
    previous = None
    while previous != text:  # shortcodes nest (a button inside a callout)
        previous, text = text, _PAIRED.sub(_paired, text)
    return _SINGLE.sub(_single, text)


def _html_to_markdown(text: str) -> str:
    blocks = []
    for block in re.split(r"\n[ \t]*\n", text):
        stripped = block.strip()
        if not _TAG.search(stripped):
            blocks.append(block)
        elif stripped.startswith("<"):  # an HTML block: markdown is not read inside it
            blocks.append(html_to_markdown(stripped))
        else:
            lines = [_INLINE.convert(line).strip() if _TAG.search(line) else line
                     for line in block.split("\n")]
            blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _trim(line: str) -> str:
    """No trailing blanks, except markdown's hard line break (two spaces, from <br>)."""
    if not line.strip():
        return ""
    return line.rstrip() + ("  " if line.endswith("  ") else "")


def clean_markdown(text) -> str:
    """A page's markdown with Hugo's additions and the page's HTML made plain markdown:
    no comments, shortcodes, attribute lines, layout HTML or &nbsp;; links and emphasis kept."""
    if not isinstance(text, str):
        return ""
    text = _COMMENT.sub("", text.replace("\r\n", "\n"))
    text = strip_shortcodes(text)
    text = _ATTRIBUTES.sub("", text)
    text = text.replace("&nbsp;", " ").replace("&shy;", "").replace("\xad", "")
    if _TAG.search(text):
        text = _html_to_markdown(text)
    text = _TAG.sub("", text)  # what markdownify kept as text (unknown tags) goes too
    text = "\n".join(_trim(line) for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


def plain(text) -> str:
    """A one-line field (a title, a venue): no markdown, no HTML, entities decoded."""
    cleaned = plain_text(clean_markdown(text)).replace("\\*", "*")
    return " ".join(html.unescape(cleaned).split())


_OBFUSCATED = re.compile(r"[\[({<]\s*at\s*[\])}>]|\s+at\s+|\s+dot\s+|[\[(]\s*dot\s*[\])]", re.I)


def is_obfuscated_email(text: str) -> bool:
    """"jane [at] x.edu", "jane (at) x (dot) edu": an address written for people only."""
    return "@" not in text and bool(_OBFUSCATED.search(text))


# What a section's own heading means, tried in order (the first match wins).
_HEADING_KINDS = [
    (re.compile(r"\bnews\b|updates|announcements|what'?s new", re.I), "news"),
    (re.compile(r"publications?|papers|preprints", re.I), "publications"),
    (re.compile(r"awards?|honou?rs?|prizes|accomplish", re.I), "awards"),
    (re.compile(r"\btalks?\b|presentations|events", re.I), "talks"),
    (re.compile(r"teaching|courses", re.I), "teaching"),
    (re.compile(r"services?|reviewer|reviewing|program committee|volunteer", re.I), "service"),
    (re.compile(r"educations?\b", re.I), "education"),
    (re.compile(r"experiences?|employment|positions|internships?", re.I), "positions"),
    (re.compile(r"interests", re.I), "interests"),
    (re.compile(r"contact", re.I), "links"),
]


def kind_for_heading(heading: str) -> str:
    """The labsite.sections.SectionKind value a heading names ("🔥 News" → "news"), or
    "custom"."""
    for pattern, kind in _HEADING_KINDS:
        if pattern.search(heading or ""):
            return kind
    return "custom"
