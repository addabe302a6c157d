"""The Allan Lab template (mpa139/allanlab) and its forks: a LAB's site.

Where it keeps what (tests/siteimport/sites/lab-template/README.md names the real
repositories read): a minimal ``_config.yml``
(``title, email, description``); pages in ``_pages/*.md`` with ``layout: homelay |
gridlay | textlay``; people in ``_data/team_members.yml``, ``students.yml``,
``alumni_members.yml``, ``alumni_visitors.yml`` (see labtemplate_team); news in
``_data/news.yml`` (free-text ``date``, ``headline``); papers in ``_data/publist.yml`` or
hand-written publication pages (see labtemplate_papers).

Sections come in the template's menu order: the home page's text (about), its news,
the team page, the publications page, then every other page as a custom section.
"""

from __future__ import annotations

import re

from labsite.sections import SectionKind
from siteimport.formats import labtemplate_leftovers as leftovers
from siteimport.formats.labtemplate_papers import read_publication_page, read_publist
from siteimport.formats.labtemplate_team import TEAM_FILE, period, read_team_file
from siteimport.source import SiteSource
from siteimport.text.blocks import split_blocks
from siteimport.text.cleaning import inline_markdown, paragraphs_to_markdown
from siteimport.text.contact import is_obfuscated_email
from siteimport.text.frontmatter import (
    SiteFileError,
    file_error,
    front_matter,
    yaml_data,
    yaml_list,
)
from siteimport.types import (
    Origin,
    SiteData,
    SiteDate,
    SiteNewsItem,
    SiteSection,
    Skipped,
)

NAME = "lab-template"
MAX_PAGES = 200
MAX_NEWS = 5000

_LAYOUT = re.compile(r"^layout:\s*['\"]?(?:homelay|gridlay|textlay)\b", re.M)
_DATA_LOOP = re.compile(r"site\.data\.(\w+)")
_IGNORED_PAGES = re.compile(r"(?:^|/)(?:404|aboutwebsite)\.md$")


def detect(source: SiteSource) -> int:
    """High for the template's own data files (no other theme writes
    ``_data/team_members.yml`` or ``_data/publist.yml``); low for its page layouts alone."""
    score = 0
    if source.exists("_data/team_members.yml"):
        score += 50
    if source.exists("_data/publist.yml"):
        score += 30
    pages = source.glob("_pages/*.md")[:MAX_PAGES]
    laid_out = any(_LAYOUT.search(source.read_text(path)[:2000]) for path in pages)
    if score == 0:
        # A hand-written page alone (seed 003's publications) still says the template
        # by its layouts, which no other theme names.
        return 20 if laid_out else 0
    score += 10 * sum(
        source.exists(path) for path in ("_data/alumni_members.yml", "_data/news.yml")
    )
    return min(score + (10 if laid_out else 0), 100)


def read(source: SiteSource) -> SiteData:
    data = SiteData(format=NAME)
    config = _yaml(source, "_config.yml", data) or {}
    if not isinstance(config, dict):
        config = {}
    site_title = inline_markdown(config.get("title"))
    _profile(config, site_title, data)
    pages = _pages(source, data)
    home = next((page for page in pages if page["role"] == "home"), None)
    if home:
        data.profile.about = paragraphs_to_markdown(home["body"])
        # No title in _config.yml: "Daniel Soudry - Home" names the site by its first part.
        data.profile.name = data.profile.name or re.split(r"\s+[-|–—]+\s+", home["title"])[0]
        data.sections.append(SiteSection(SectionKind.ABOUT, origin=home["origin"]))
    if _news(source, data):
        data.sections.append(SiteSection(SectionKind.NEWS, "News", origin=Origin("_data/news.yml")))
    _team(source, site_title, pages, data)
    _publications(source, site_title, pages, data)
    for page in pages:
        if page["role"] == "other":
            _custom_page(page, site_title, data)
    return data


def page_heading(title: str, site_title: str) -> str:
    """The page's own name from a title such as "InfiniAI Lab - Publications" or
    "Research Group | biLAB": the part that is not the lab's name."""
    parts = [part.strip() for part in re.split(r"\s+(?:-{1,2}|\||–|—)\s+", title or "")]
    parts = [part for part in parts if part]
    if len(parts) < 2:
        return parts[0] if parts else ""
    site = (site_title or "").casefold()
    others = [p for p in parts if "lab" not in p.casefold() and p.casefold() not in site]
    return others[0] if len(others) == 1 else parts[-1]


def _custom_page(page: dict, site_title: str, data: SiteData) -> None:
    """Any other page (openings, research, contact) as a custom section headed by its
    title; the page's own first heading, when it says the same, is not repeated."""
    heading = page_heading(page["title"], site_title)
    body = paragraphs_to_markdown(page["body"])
    first, _, rest = body.partition("\n")
    if first.lstrip("# ").strip().casefold() == heading.casefold():
        body = rest.strip()
    if not body:
        return
    if not leftovers.is_template_site(site_title) and leftovers.mentions_template(body):
        data.skipped.append(Skipped(heading, leftovers.TEMPLATE_PAGE, page["origin"]))
        return
    data.sections.append(SiteSection(SectionKind.CUSTOM, heading, body, page["origin"]))


def _yaml(source: SiteSource, path: str, data: SiteData, *, as_list: bool = False):
    if not source.exists(path):
        return [] if as_list else None
    try:
        text = source.read_text(path)
        return yaml_list(text, path) if as_list else yaml_data(text, path)
    except SiteFileError as error:
        data.warnings.append(f"{error}; the rest of the site was read.")
        return [] if as_list else None


def _profile(config: dict, site_title: str, data: SiteData) -> None:
    profile = data.profile
    profile.name = site_title
    profile.origin = Origin("_config.yml")
    profile.bio = inline_markdown(config.get("description"))
    profile.email = str(config.get("email") or "").strip()
    profile.email_obfuscated = is_obfuscated_email(profile.email)
    # The template's config has no social usernames: the lab's links are in its pages.


def _role(path: str, meta: dict, body: str) -> str:
    permalink = str(meta.get("permalink") or "").strip("/").lower()
    loops = set(_DATA_LOOP.findall(body))
    name = path.rsplit("/", 1)[-1].lower()
    if permalink == "" and "permalink" in meta or name in ("home.md", "index.md"):
        return "home"
    if any(TEAM_FILE.match(f"_data/{loop}.yml") for loop in loops) or permalink in (
        "team",
        "people",
        "members",
        "group",
    ):
        return "team"
    if "publist" in loops or permalink.startswith("publication") or "publication" in name:
        return "publications"
    if "news" in loops or permalink in ("allnews", "news"):
        return "news"  # the list of _data/news.yml, read from the data itself
    return "other"


def _pages(source: SiteSource, data: SiteData) -> list[dict]:
    pages = []
    for path in source.glob("_pages/*.md")[:MAX_PAGES]:
        if _IGNORED_PAGES.search(path):
            continue
        try:
            meta, body, line = front_matter(source.read_text(path), path)
        except SiteFileError as error:
            data.warnings.append(f"{error}; the page was not read.")
            continue
        title = inline_markdown(meta.get("title"))
        role = _role(path, meta, body)
        pages.append(
            {
                "path": path,
                "title": title,
                "body": body,
                "line": line,
                "role": role,
                "origin": Origin(path, line),
            }
        )
    return pages


def _news(source: SiteSource, data: SiteData) -> bool:
    path = "_data/news.yml"
    items = _yaml(source, path, data, as_list=True)
    for item, line in items[:MAX_NEWS]:
        if not isinstance(item, dict) or not item.get("headline"):
            data.warnings.append(file_error(path, line, "a news item without a headline"))
            continue
        written = inline_markdown(item.get("date"))
        found = period(written)
        date = found[0] if found else SiteDate()
        text = paragraphs_to_markdown(str(item["headline"]))
        data.news.append(SiteNewsItem(text=text, date=date, origin=Origin(path, line)))
    if len(items) > MAX_NEWS:
        data.warnings.append(f"{path}: only the first {MAX_NEWS} news items read.")
    return bool(data.news)


def _team(source: SiteSource, site_title: str, pages: list[dict], data: SiteData) -> None:
    keep_template = leftovers.is_template_site(site_title)
    team_page = next((page for page in pages if page["role"] == "team"), None)
    headings: dict[str, str] = {}  # data file stem -> the heading over its loop
    extras: list[SiteSection] = []
    if team_page:
        for block in split_blocks(team_page["body"], team_page["line"]):
            heading, text, line = block.heading, block.text, block.line
            loops = [stem for stem in _DATA_LOOP.findall(text) if stem not in headings]
            for stem in loops:
                headings[stem] = heading
            if not loops and (body := paragraphs_to_markdown(text)):
                origin = Origin(team_page["path"], line)
                extras.append(SiteSection(SectionKind.CUSTOM, heading, body, origin))
    files = [path for path in source.glob("_data/*.y*ml") if TEAM_FILE.match(path)]
    order = list(headings)
    files.sort(key=lambda path: (_stem_rank(path, order), path))
    for path in files:
        stem = path.rsplit("/", 1)[-1].split(".")[0]
        items = _yaml(source, path, data, as_list=True)
        read_team_file(items, path, headings.get(stem, ""), keep_template, data)
    if data.team:
        heading = page_heading(team_page["title"], site_title) if team_page else "Team"
        origin = team_page["origin"] if team_page else None
        data.sections.append(SiteSection(SectionKind.TEAM, heading or "Team", origin=origin))
    data.sections.extend(extras)


def _stem_rank(path: str, order: list[str]) -> int:
    stem = path.rsplit("/", 1)[-1].split(".")[0]
    return order.index(stem) if stem in order else len(order)


def _publications(source: SiteSource, site_title: str, pages: list[dict], data: SiteData):
    before = len(data.papers)
    page = next((page for page in pages if page["role"] == "publications"), None)
    if source.exists("_data/publist.yml"):
        items = _yaml(source, "_data/publist.yml", data, as_list=True)
        read_publist(items, "_data/publist.yml", site_title, data)
    for other in pages:
        if other["role"] == "publications":
            read_publication_page(other["body"], other["line"], other["path"], data)
    if len(data.papers) > before or page is not None:
        heading = page_heading(page["title"], site_title) if page else "Publications"
        origin = page["origin"] if page else Origin("_data/publist.yml")
        data.sections.append(
            SiteSection(SectionKind.PUBLICATIONS, heading or "Publications", origin=origin)
        )
    template_papers = [item for item in data.skipped if item.reason == leftovers.TEMPLATE_PAPER]
    if template_papers and len(data.papers) == before:
        data.warnings.append(
            "_data/publist.yml: every paper is the template's own (Allan lab); none was imported."
        )
