"""Reading the text of a theme's files: one home for front matter, YAML data, mojibake and
HTML inside markdown, shared by every reader in siteimport/formats/.

Nothing here raises on odd input: a file that cannot be read gives ``SiteFileError`` with a
sentence naming the file (and the line where YAML says it), for the report.
"""

from __future__ import annotations

import datetime
import re

import frontmatter
import ftfy
import yaml
from markdownify import MarkdownConverter

from siteimport.types import Origin


class SiteFileError(ValueError):
    def __init__(self, origin: Origin, message: str):
        super().__init__(f"{origin.describe()}: {message}")
        self.origin = origin


def repair(text: str) -> str:
    """Double-encoded UTF-8 ("Iâ€™m", "ðŸ“§") repaired; ftfy changes nothing else (no
    quote or width normalisation), so text that was right stays byte for byte."""
    return ftfy.fix_text(
        text,
        unescape_html=False,
        uncurl_quotes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        normalization=None,
    )


def _safe_yaml(text: str, origin: Origin):
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = Origin(origin.path, (origin.line or 1) + mark.line if mark else origin.line)
        problem = getattr(error, "problem", None) or "not valid YAML"
        raise SiteFileError(where, f"cannot read the YAML ({problem})") from None


def yaml_data(text: str, path: str):
    """A YAML data file (``_config.yml``, ``_data/*.yml``), with dates left as YAML gives
    them (``datetime.date``) and a clear error naming the line."""
    return _safe_yaml(repair(text), Origin(path))


def front_matter(text: str, path: str) -> tuple[dict, str, int]:
    """(metadata, body, line where the body starts) of a markdown file; a file without
    front matter (GitHub Pages' optional front matter) is all body."""
    text = repair(text)
    if not text.startswith("---"):
        return {}, text, 1
    try:
        metadata, body = frontmatter.parse(text, handler=frontmatter.YAMLHandler())
    except yaml.YAMLError:
        _safe_yaml(text.split("---", 2)[1], Origin(path, 2))  # raises with the line
        raise
    # The line of the body's first character: python-frontmatter drops the closing "---"
    # and the blank lines after it.
    lines = text.split("\n")
    closing = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), 0)
    line = closing + 2
    while line - 1 < len(lines) and not lines[line - 1].strip():
        line += 1
    return dict(metadata or {}), body, line


def as_date(value) -> datetime.date | None:
    """A front-matter date: YAML dates and datetimes, "2024-05-01" strings, bare years."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int) and 1900 <= value <= 2200:
        return datetime.date(value, 1, 1)
    if isinstance(value, str):
        found = re.match(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", value)
        if found:
            try:
                return datetime.date(int(found[1]), int(found[2] or 1), int(found[3] or 1))
            except ValueError:
                return None
    return None


class _Converter(MarkdownConverter):
    """Tags a page may keep become markdown; the rest keep only their text (``style``,
    ``<font color>``, scripts and iframes are dropped, see ``html_to_markdown``)."""

    def convert_font(self, el, text, parent_tags):
        return text

    def convert_span(self, el, text, parent_tags):
        return text

    def _drop(self, el, text, parent_tags):
        return ""

    convert_script = convert_style = convert_iframe = convert_object = convert_embed = _drop
    convert_form = convert_input = convert_button = _drop


def html_to_markdown(html: str) -> str:
    """HTML (or markdown with HTML inside) as markdown: links, emphasis, lists, headings and
    images kept; presentation (inline style, colours, fonts) and active content dropped."""
    return _Converter(heading_style="ATX", bullets="-", escape_misc=False).convert(html).strip()


# Social usernames as the themes store them, expanded to the addresses they mean:
# (people.PersonLink.Kind value, URL template).
SOCIAL_URLS = {
    "github": ("github", "https://github.com/{}"),
    "twitter": ("x", "https://x.com/{}"),
    "x": ("x", "https://x.com/{}"),
    "linkedin": ("linkedin", "https://www.linkedin.com/in/{}"),
    "scholar": ("scholar", "https://scholar.google.com/citations?user={}"),
    "orcid": ("orcid", "https://orcid.org/{}"),
    "dblp": ("dblp", "https://dblp.org/pid/{}.html"),
    "semantic_scholar": ("semantic-scholar", "https://www.semanticscholar.org/author/{}"),
}


def social_link(network: str, value: str) -> tuple[str, str] | None:
    """(kind, URL) for a username or address under ``network`` ("github", "scholar"…);
    a value that already is an http(s) address is kept as it is."""
    value = (value or "").strip()
    if not value:
        return None
    kind, template = SOCIAL_URLS.get(network, ("other", "{}"))
    if value.startswith(("http://", "https://")):
        return kind, value
    if template == "{}":
        return None
    return kind, template.format(value.strip("@/"))


# --- A Jekyll page's body as markdown ---------------------------------------------------

_LIQUID = re.compile(r"\{%-?.*?-?%\}|\{\{-?.*?-?\}\}", re.S)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
# Network badges say nothing a page needs: citation counts, stars, altmetric donuts.
_BADGE = re.compile(
    r"!\[[^\]]*\]\(\s*https?://(?:img\.shields\.io|badge\.dimensions\.ai|"
    r"api\.altmetric\.com|badges\.altmetric\.com)[^)]*\)"
)
_BLANK_LINES = re.compile(r"\n{3,}")
# One element without a nested element of its own name: converted on its own so the markdown
# around it is left as written (markdownify would escape its "*" and "_").
_ELEMENT = re.compile(
    r"<(a|i|em|b|strong|u|font|span|sup|sub|code|small|p|div|ul|ol|li|h[1-6]|center|table)\b"
    r"[^>]*>(?:(?!<\1\b).)*?</\1\s*>",
    re.S | re.I,
)
_VOID = re.compile(r"<(?:img|br|hr)\b[^>]*>", re.I)
_MAX_NESTING = 8  # passes; each converts the innermost elements, so time stays linear
_NBSP = re.compile(r"&nbsp;|\u00a0")


def strip_liquid(text: str) -> str:
    return _LIQUID.sub("", text)


def clean_markdown(text: str) -> str:
    """A page body (markdown with HTML, Liquid and comments) as clean markdown."""
    text = _COMMENT.sub("", strip_liquid(repair(text or "")))
    text = _NBSP.sub(" ", text)
    for _ in range(_MAX_NESTING):
        text, count = _ELEMENT.subn(_converted, text)
        if not count:
            break
    text = _VOID.sub(_converted, text)
    text = _HTML_TAG.sub("", text)  # what is left is unbalanced layout: <div> without </div>
    text = _BADGE.sub("", text)
    return _BLANK_LINES.sub("\n\n", text).strip()


def _converted(match: re.Match) -> str:
    markdown = html_to_markdown(match.group(0))
    return markdown.replace("\\*", "*").replace("\\_", "_")


def html_lines(html: str) -> str:
    """An HTML block of ``<p>`` lines (al-folio's ``profile.address``) as plain lines."""
    html = re.sub(r"</p\s*>|<br\s*/?>", "\\g<0>\n", html, flags=re.I)
    lines = [line.strip() for line in clean_markdown(html).splitlines()]
    return "\n".join(line for line in lines if line)
