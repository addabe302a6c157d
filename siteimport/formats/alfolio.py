"""al-folio (alshedivat/al-folio) sites: the about page and its ``profile:`` block, socials
in ``_config.yml`` or ``_data/socials.yml``, ``_news/*.md``, the CV data and
``_bibliography/*.bib``. The fixtures' README (tests/siteimport/sites/al-folio/) names the
real files this reads.

The about page's own headings are kept in order: a heading that means a built-in kind
("🔥 News", "Honors and Awards") becomes that kind, with its list read into dated items;
anything else is a custom section with its markdown. The layout's switches (``news``,
``selected_papers``, ``social``) add the sections al-folio shows after the text.
"""

from __future__ import annotations

import datetime
import json
import re

import yaml

from labsite.dates import DatePrecision
from labsite.sections import SectionKind
from people.models import CVEntry
from people.pasted_lists import PastedListTooLarge, parse_pasted_list, plain_text
from siteimport.formats.alfolio_cv import RESUME, read_cv
from siteimport.formats.alfolio_papers import bibliography_files, read_papers
from siteimport.formats.alfolio_profile import CONFIG, SOCIALS, read_profile
from siteimport.source import SiteSource
from siteimport.text.blocks import split_blocks
from siteimport.text.cleaning import clean_markdown
from siteimport.text.frontmatter import SiteFileError, as_date, front_matter, repair, yaml_data
from siteimport.text.headings import section_kind, talk_kind
from siteimport.types import (
    Origin,
    SiteAward,
    SiteCVEntry,
    SiteData,
    SiteDate,
    SiteInterest,
    SiteNewsItem,
    SiteSection,
    Skipped,
)

NAME = "al-folio"
ABOUT_PAGES = ("_pages/about.md", "_pages/about.markdown", "_pages/about.html")
NEWS_FOLDER = "_news/"
# What a front matter that is not a mapping, or not YAML at all, raises.
_UNREADABLE = (SiteFileError, ValueError, TypeError, yaml.YAMLError)

# The template's own announcements (al-folio _news/announcement_1…3.md), often left in place.
TEMPLATE_NEWS = (
    "A simple inline announcement",
    "A long announcement with details",
    "Announcements and news can be much longer than just quick inline posts",
)

# The template's about text (al-folio _pages/about.md), when the owner never replaced it.
TEMPLATE_ABOUT = "Write your biography here. Tell the world about yourself."

_CV_KINDS = {
    SectionKind.EDUCATION: CVEntry.Kind.EDUCATION,
    SectionKind.POSITIONS: CVEntry.Kind.POSITION,
    SectionKind.TALKS: CVEntry.Kind.TALK,
    SectionKind.TEACHING: CVEntry.Kind.TEACHING,
    SectionKind.SERVICE: CVEntry.Kind.SERVICE,
}
_DAY = re.compile(r"^\s*\d{4}-\d{1,2}-\d{1,2}")
_MONTH = re.compile(r"^\s*\d{4}-\d{1,2}\s*$")
# The layout's switches: (front-matter flag, kind, heading al-folio shows).
_LAYOUT_SECTIONS = (
    ("news", SectionKind.NEWS, "News"),
    ("selected_papers", SectionKind.PUBLICATIONS, "Selected publications"),
    ("social", SectionKind.LINKS, "Contact"),
)
_KNOWN_FLAGS = {"layout", "title", "permalink", "subtitle", "profile", "description",
                "nav", "nav_order", "redirect_from", "announcements", "latest_posts",
                "news", "selected_papers", "social"}


def detect(source: SiteSource) -> int:
    """al-folio alone keeps papers in ``_bibliography/``, news in ``_news/`` and a
    ``profile:`` block under ``layout: about``; 0 unless one of them is there."""
    score = 0
    if bibliography_files(source):
        score += 40
    if any(path.startswith(NEWS_FOLDER) for path in source.files()):
        score += 20
    meta = _about_meta(source)
    if meta.get("layout") == "about" and isinstance(meta.get("profile"), dict):
        score += 40
    if not score:
        return 0
    if source.exists(SOCIALS) or source.exists(RESUME):
        score += 10
    return min(score, 100)


def read(source: SiteSource) -> SiteData:
    data = SiteData(format=NAME)
    config = _yaml_file(source, CONFIG, data)
    socials = _yaml_file(source, SOCIALS, data)
    path, meta, body, body_line = _about(source, data)
    read_profile(config, socials, meta, _resume(source), data)
    scholar = config.get("scholar") if isinstance(config.get("scholar"), dict) else {}
    owner = (_as_list(scholar.get("last_name")), _as_list(scholar.get("first_name")))
    if not data.profile.name and owner[0] and owner[1]:  # the names jekyll-scholar underlines
        data.profile.name = f"{owner[1][0]} {owner[0][0]}"
    photo = data.profile.photo
    if photo and not source.exists(photo):
        data.warnings.append(f"{path or CONFIG}: the profile image {photo} is not in the site; "
                             "add the photo by hand.")
    if path:
        _read_page(path, meta, body, body_line, data)
    _read_news(source, data)
    read_cv(source, data)
    scholar_user = str(socials.get("scholar_userid") or config.get("scholar_userid") or "")
    data.papers = read_papers(source, owner=owner, scholar_user=scholar_user,
                              skipped=data.skipped, warnings=data.warnings)
    return data


def _as_list(value) -> list[str]:
    if value is None:
        return []
    return [str(item) for item in value] if isinstance(value, list) else [str(value)]


def _yaml_file(source, path: str, data: SiteData) -> dict:
    if not source.exists(path):
        return {}
    try:
        found = yaml_data(source.read_text(path), path)
    except SiteFileError as error:
        data.warnings.append(str(error))
        return {}
    return found if isinstance(found, dict) else {}


def _resume(source) -> dict:
    if not source.exists(RESUME):
        return {}
    try:  # errors are reported once, by the CV reader
        found = json.loads(repair(source.read_text(RESUME)))
    except json.JSONDecodeError:
        return {}
    return found if isinstance(found, dict) else {}


def _about_path(source) -> str:
    return next((path for path in ABOUT_PAGES if source.exists(path)), "")


def _about_meta(source) -> dict:
    path = _about_path(source)
    if not path:
        return {}
    try:
        return front_matter(source.read_text(path), path)[0]
    except _UNREADABLE:
        return {}


def _about(source, data: SiteData):
    path = _about_path(source)
    if not path:
        data.warnings.append("No about page (_pages/about.md) was found.")
        return "", {}, "", 1
    try:
        meta, body, line = front_matter(source.read_text(path), path)
    except _UNREADABLE as error:
        data.warnings.append(f"{_described(error, path)}; the page was not read.")
        return "", {}, "", 1
    return path, meta, body, line


def _described(error: Exception, path: str) -> str:
    if isinstance(error, SiteFileError):
        return str(error)
    return f"{path}: the front matter is not a list of settings"


def _read_page(path: str, meta: dict, body: str, body_line: int, data: SiteData) -> None:
    about = []
    for block in split_blocks(body, body_line):
        heading, text, line = clean_markdown(block.heading), clean_markdown(block.text), block.line
        if not heading and not text:
            continue
        kind = section_kind(heading) if heading else SectionKind.ABOUT
        origin = Origin(path, line)
        if TEMPLATE_ABOUT in text:
            data.skipped.append(Skipped(f"section “{heading or 'about'}”", "the al-folio "
                                        "template's sample biography", origin))
            continue
        if kind != SectionKind.CUSTOM and text:
            kind = _read_items(kind, text, origin, data)
        if kind == SectionKind.ABOUT:
            about.append(text)
        data.sections.append(SiteSection(kind=kind, heading=heading, body=text, origin=origin))
    data.profile.about = "\n\n".join(about)
    _layout_sections(path, meta, data)


def _layout_sections(path: str, meta: dict, data: SiteData) -> None:
    """What the about layout shows after the text, by its front-matter switches."""
    flags_origin = Origin(path, 1)
    for flag, kind, heading in _LAYOUT_SECTIONS:
        if meta.get(flag) is True:
            data.sections.append(SiteSection(kind=kind, heading=heading, origin=flags_origin))
    if meta.get("latest_posts") is True:
        data.skipped.append(Skipped("latest posts", "blog posts are not imported", flags_origin))
    for flag, value in meta.items():
        if value is True and flag not in _KNOWN_FLAGS:
            data.skipped.append(Skipped(f"section “{flag}”", "a section of this site's own "
                                        "layout; its content is not on the about page",
                                        flags_origin))


def _read_items(kind: str, text: str, origin: Origin, data: SiteData) -> str:
    """The section's list as structured items; the kind it stays (custom when its list
    is too large to read)."""
    if kind not in (SectionKind.NEWS, SectionKind.AWARDS, SectionKind.INTERESTS, *_CV_KINDS):
        return kind
    try:
        items = parse_pasted_list(text).items
    except PastedListTooLarge as error:
        data.warnings.append(f"{origin.describe()}: {error} It was kept as text.")
        return SectionKind.CUSTOM
    for item in items:
        date = SiteDate(item.date, item.precision)
        if kind == SectionKind.NEWS:
            data.news.append(SiteNewsItem(text=item.text, date=date, origin=origin))
        elif kind == SectionKind.AWARDS:
            data.awards.append(SiteAward(title=plain_text(item.text), date=date, origin=origin))
        elif kind == SectionKind.INTERESTS:
            data.interests.append(SiteInterest(title=plain_text(item.text)))
        else:
            end = SiteDate(item.end_date, item.end_precision) if item.end_date else SiteDate()
            cv_kind = _CV_KINDS[kind]
            data.cv.append(SiteCVEntry(
                kind=cv_kind, title=plain_text(item.text), start=date, end=end,
                talk_kind=talk_kind(item.text) if cv_kind == CVEntry.Kind.TALK else "",
                origin=origin,
            ))
    return kind


def news_date(value) -> SiteDate:
    """A news file's ``date:`` at the precision written (al-folio writes it to the minute;
    a day is what a page shows)."""
    date = as_date(value)
    if date is None:
        return SiteDate()
    if isinstance(value, datetime.date) or (isinstance(value, str) and _DAY.match(value)):
        return SiteDate(date, DatePrecision.DAY)
    if isinstance(value, str) and _MONTH.match(value):
        return SiteDate(date, DatePrecision.MONTH)
    return SiteDate(date, DatePrecision.YEAR)


def _read_news(source, data: SiteData) -> None:
    for path in source.files():
        if not path.startswith(NEWS_FOLDER) or not path.endswith((".md", ".markdown")):
            continue
        try:
            meta, body, line = front_matter(source.read_text(path), path)
        except _UNREADABLE as error:
            data.warnings.append(f"{_described(error, path)}; this news item was not read.")
            continue
        text = clean_markdown(body)
        title = "" if meta.get("inline", True) else clean_markdown(str(meta.get("title") or ""))
        origin = Origin(path, line)
        if any((text or title).startswith(demo) for demo in TEMPLATE_NEWS):
            data.skipped.append(Skipped(f"news “{title or text[:60]}”", "the al-folio "
                                        "theme's demo announcement", origin))
            continue
        if not text and not title:
            continue
        data.news.append(SiteNewsItem(text=text, title=title, date=news_date(meta.get("date")),
                                      origin=origin))
