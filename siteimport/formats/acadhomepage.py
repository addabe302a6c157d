"""AcadHomepage (RayeRen/acad-homepage.github.io): one page, ``_pages/about.md``.

* ``_config.yml``'s ``author:`` block: name, avatar, bio (the affiliation under the name),
  location, email and the networks (full URLs or usernames, as the sidebar takes them);
* ``_pages/about.md``: a Liquid preamble, the free text, then ``# 🔥 News``-style sections
  in the owner's order and wording: dated lists, ``paper-box`` blocks and free markdown;
* ``gs_data.json`` from the ``google-scholar-stats`` branch (written by the theme's
  crawler), when the site or the folder beside it holds one: citation counts and interests.

Template leftovers (``Lorem ipsum``, the ResNet demo paper, ``YOUR_GOOGLE_SCHOLAR_ID``) are
reported as skipped, never read as the owner's.
"""

from __future__ import annotations

import logging
import re

from siteimport.formats.acadhomepage_lists import (
    LIST_KINDS,
    PLACEHOLDER,
    ListSection,
    read_list_section,
)
from siteimport.formats.acadhomepage_papers import read_paper_boxes
from siteimport.owner import infer_owner_name
from siteimport.scholar_data import add_scholar_data
from siteimport.source import SiteSource
from siteimport.text.blocks import split_blocks
from siteimport.text.cleaning import clean_section
from siteimport.text.contact import is_obfuscated_email, is_placeholder_value, social_link
from siteimport.text.frontmatter import SiteFileError, front_matter, repair, yaml_data
from siteimport.text.headings import section_kind
from siteimport.text.markdown import comments, strip_comments, strip_liquid
from siteimport.types import (
    Origin,
    SiteData,
    SiteLink,
    SiteProfile,
    SiteSection,
    Skipped,
)

logger = logging.getLogger(__name__)

NAME = "acadhomepage"
ABOUT = "_pages/about.md"
CONFIG = "_config.yml"
# read() takes a gs_data.json given beside the site (siteimport.formats.read_site).
READS_SCHOLAR_DATA = True
# Files only this theme writes, and what each is worth to detection.
_MARKERS = {
    "_includes/fetch_google_scholar_stats.html": 60,
    "google_scholar_crawler/main.py": 30,
}
_PAGE_MARKERS = ("paper-box", "show_paper_citations", "google_scholar_stats_use_cdn")
_CONFIG_MARKERS = ("google_scholar_stats_use_cdn",)

# "Jiaming Xu 许珈铭", "Yu Zhang (张彧)": the name and, in the script it is written in, the
# native name (CJK, kana, Hangul).
_CJK_NAME = re.compile(
    r"^(?P<name>[^()\u3000-\u9fff\uac00-\ud7af]+?)\s*"
    r"\(?(?P<native>[\u3000-\u9fff\uac00-\ud7af·]+)\)?$"
)
# author: key -> the network of siteimport.text.contact.SOCIAL_URLS; values are usernames
# or full URLs (the theme is an academicpages fork: YouTube names are /user/ names).
_NETWORKS = {
    "googlescholar": "scholar", "github": "github", "linkedin": "linkedin", "dblp": "dblp",
    "orcid": "orcid", "twitter": "twitter", "uri": "homepage", "researchgate": "researchgate",
    "pubmed": "pubmed", "impactstory": "impactstory", "youtube": "youtube_user",
    "weibo": "weibo", "stackoverflow": "stackoverflow", "wikipedia": "wikipedia",
}
TEMPLATE_AVATAR = "images/android-chrome-512x512.png"


def detect(source: SiteSource) -> int:
    """High for what only this theme writes: its Scholar include and crawler, the
    ``google_scholar_stats_use_cdn`` setting, paper boxes and citation spans in the page.
    academicpages, which it was forked from, shares the rest (``author:``, _pages/about.md)."""
    score = sum(points for path, points in _MARKERS.items() if source.exists(path))
    for path, markers in ((ABOUT, _PAGE_MARKERS), (CONFIG, _CONFIG_MARKERS)):
        if source.exists(path) and source.size(path) < 2 * 1024 * 1024:
            text = source.read_text(path)
            score += 40 * sum(marker in text for marker in markers)
    return min(score, 100)


def read(source: SiteSource, *, scholar_data: bytes | None = None,
         scholar_data_name: str = "gs_data.json") -> SiteData:
    """The site; ``scholar_data`` is a gs_data.json given beside it (the crawler writes it to
    the ``google-scholar-stats`` branch, which a "Download ZIP" of main does not hold)."""
    site = SiteData(format=NAME)
    try:
        site.profile = _profile(source, site)
    except SiteFileError as error:
        site.warnings.append(f"{error}; the profile was not read from it.")
    if source.exists(ABOUT):
        try:
            _read_page(source, site)
        except SiteFileError as error:
            site.warnings.append(f"{error}; the page was not read.")
    else:
        site.warnings.append(f"{ABOUT} is missing: no page to read.")
    add_scholar_data(site, source, given=scholar_data, given_name=scholar_data_name)
    infer_owner_name(site)
    return site


# --- The profile ----------------------------------------------------------------------------


def _profile(source: SiteSource, site: SiteData) -> SiteProfile:
    profile = SiteProfile(origin=Origin(CONFIG))
    if not source.exists(CONFIG):
        return profile
    config_text = source.read_text(CONFIG)
    config = yaml_data(config_text, CONFIG)
    author = config.get("author") if isinstance(config, dict) else None
    if not isinstance(author, dict):
        return profile
    profile.origin = Origin(CONFIG, _line_of(config_text, "author"))
    values = _AuthorValues(author, config_text, site)
    name = values.get("name")
    if not name:  # the template's own block: its other values are the theme's too
        values.skip("avatar", "location", reason="the theme's placeholder profile")
    found = _CJK_NAME.match(name)
    profile.name, profile.native_name = (found["name"], found["native"]) if found else (name, "")
    profile.photo = values.get("avatar")
    if profile.photo == TEMPLATE_AVATAR:
        values.skip("avatar", reason="the theme's default avatar (its favicon)")
        profile.photo = ""
    profile.affiliation = values.get("bio")  # the line under the name in the theme's sidebar
    profile.address = values.get("location")
    profile.email = values.get("email")
    profile.email_obfuscated = is_obfuscated_email(profile.email)
    profile.links = [link for key in _NETWORKS if (link := _link(key, values.get(key)))]
    return profile


class _AuthorValues:
    """The ``author:`` block's values as text; placeholders reported and read as ""."""

    def __init__(self, author: dict, config_text: str, site: SiteData):
        self.author, self.config_text, self.site = author, config_text, site
        self.skipped: set[str] = set()

    def get(self, key: str) -> str:
        raw = self.author.get(key)
        text = str(raw).strip() if isinstance(raw, str | int | float) else ""
        if key in self.skipped:
            return ""
        if text and is_placeholder_value(text):
            self.skip(key, reason="the theme's placeholder value")
            return ""
        return text

    def skip(self, *keys: str, reason: str) -> None:
        for key in keys:
            if self.author.get(key) and key not in self.skipped:
                where = Origin(CONFIG, _line_of(self.config_text, key))
                what = f"author {key}: {self.author[key]}"
                self.site.skipped.append(Skipped(what, reason, where))
            self.skipped.add(key)


def _link(key: str, text: str) -> SiteLink | None:
    if not text:
        return None
    return social_link(_NETWORKS[key], text)


def _line_of(text: str, key: str) -> int | None:
    found = re.search(rf"^\s*{re.escape(key)}\s*:", text, re.M)
    return text.count("\n", 0, found.start()) + 1 if found else None


# --- The page -------------------------------------------------------------------------------


def _read_page(source: SiteSource, site: SiteData) -> None:
    _, body, first_line = front_matter(source.read_text(ABOUT), ABOUT)
    for line, text in comments(body):
        where = Origin(ABOUT, first_line + line - 1)
        site.skipped.append(Skipped(text[:80] or "(empty)", "commented out in the page", where))
    body = strip_comments(strip_liquid(body))
    for heading, line, text in _split_sections(body):
        origin = Origin(ABOUT, first_line + line - 1)
        try:
            _read_section(heading, text, origin, site)
        except Exception:
            # A page must not crash the import: keep the other sections, say which one.
            logger.exception("AcadHomepage section could not be read")
            site.warnings.append(
                f"{origin.describe()}: the section {heading!r} could not be read (internal "
                "error); it was not imported."
            )


def _read_section(heading: str, text: str, origin: Origin, site: SiteData) -> None:
    if not heading:
        site.profile.about = _without_placeholders(clean_section(text), origin, site)
        site.sections.append(SiteSection(kind="about", origin=origin))
        return
    text_line = origin.line + 1
    kind = section_kind(heading)
    if kind == "publications":
        rest = read_paper_boxes(text, path=ABOUT, line=text_line,
                                selected="selected" in heading.casefold(), site=site)
        body_text = clean_section(rest)
    elif kind in LIST_KINDS:
        section = ListSection(kind, heading, ABOUT, text_line, text)
        body_text = read_list_section(section, site)
    else:
        body_text = _without_placeholders(clean_section(text), origin, site)
    site.sections.append(SiteSection(kind=kind, heading=heading, body=body_text, origin=origin))


def _without_placeholders(markdown_text: str, origin: Origin, site: SiteData) -> str:
    """The text without the paragraphs that are the theme's ``Lorem ipsum`` (reported)."""
    kept = []
    for paragraph in markdown_text.split("\n\n"):
        if PLACEHOLDER.search(paragraph):
            site.skipped.append(Skipped(paragraph[:80], "the theme's placeholder text", origin))
        else:
            kept.append(paragraph)
    return "\n\n".join(kept)


def _split_sections(body: str) -> list[tuple[str, int, str]]:
    """(heading, line, text) per ``# `` heading (``##`` are a section's own subheadings),
    the text before the first with heading ""; lines inside fenced code are never headings."""
    blocks = split_blocks(body, 1, max_level=1)
    return [(repair(block.heading), block.line, block.text) for block in blocks
            if block.heading or block.text.strip()]
