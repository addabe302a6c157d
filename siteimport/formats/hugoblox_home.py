"""The home page's sections in the page's order, with the page's own headings: the ``sections:``
blocks of ``content/_index.md`` (2022 on), else the widgets of ``content/home/*.md`` by
``weight``. Built-in sections become their labsite kind; markdown sections whose heading
names a kind and whose text is a list become items (news, awards, CV entries); the rest
stay custom sections with their markdown."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from people.pasted_lists import MAX_BYTES, MAX_LINES, PastedListTooLarge, parse_pasted_list
from siteimport.formats.hugoblox_people import Owner, experience_entry
from siteimport.formats.hugoblox_site import (
    HugoSite,
    demo_text_reason,
    dict_value,
    format_precision,
    list_value,
    site_date,
    text_value,
    web_url,
)
from siteimport.text.cleaning import blocks_to_markdown, plain_line
from siteimport.text.headings import section_kind
from siteimport.types import (
    Origin,
    SiteAward,
    SiteCVEntry,
    SiteDate,
    SiteInterest,
    SiteNewsItem,
    SiteSection,
)

_ABOUT = {"about", "about.avatar", "about.biography", "biography", "resume-biography",
          "resume-biography-3"}
_MARKDOWN = {"blank", "markdown", "text", "about.text"}
_COLLECTION = {"pages", "collection", "featured"}
_EXPERIENCE = {"experience", "resume-experience"}
_AWARDS = {"accomplishments", "resume-awards"}
_FOLDER_KINDS = {"publication": "publications", "publications": "publications",
                 "post": "news", "posts": "news", "blog": "news", "news": "news",
                 "event": "talks", "events": "talks", "talk": "talks", "talks": "talks"}
# Items of the v5 starter's own experience and accomplishments widgets.
_DEMO_ORGANISATIONS = {"GenCoin", "University X", "Coursera", "edX", "DataCamp"}
_CV_KIND = {"education": "education", "positions": "position", "talks": "talk",
            "teaching": "teaching", "service": "service"}
_BLOCK_LINE = re.compile(r"^\s*-\s*block:", re.M)


@dataclass
class Block:
    """A widget file or a ``sections:`` block, read the same way."""

    name: str
    heading: str
    text: str  # markdown, cleaned
    content: dict
    design: dict
    settings: dict  # the whole widget front matter / block
    origin: Origin
    text_line: int | None = None  # the file line of the text's first line, when known


def read_home(site: HugoSite, owner: Owner) -> None:
    blocks = _section_blocks(site) or _widget_blocks(site)
    state = {"education": False, "interests": False}
    for block in blocks:
        _read_block(site, block, state)


def _section_blocks(site: HugoSite) -> list[Block]:
    if not site.has("content/_index.md"):
        return []
    page = site.page("content/_index.md")
    sections = page.meta.get("sections") if page else None
    if not isinstance(sections, list):
        return []
    text = site.source.read_text(page.path)
    lines = [text.count("\n", 0, found.start()) + 1 for found in _BLOCK_LINE.finditer(text)]
    blocks = []
    for index, section in enumerate(sections):
        if not isinstance(section, dict):
            continue
        content = dict_value(section.get("content"))
        origin = Origin(page.path, lines[index] if index < len(lines) else None)
        blocks.append(_block(str(section.get("block") or ""), content, section, origin,
                             content.get("text")))
    return blocks


def _widget_blocks(site: HugoSite) -> list[Block]:
    widgets = []
    for path in site.files:
        if not re.fullmatch(r"content/home/[^/]+\.md", path) or path == "content/home/index.md":
            continue
        page = site.page(path)
        if page is None or not page.meta.get("widget"):
            continue
        title = plain_line(page.meta.get("title") or "") or str(page.meta["widget"])
        if page.meta.get("active") is False:
            site.skip(f"the section “{title}”", "switched off on the site (active: false)",
                      page.origin)
            continue
        weight = page.meta.get("weight")
        widgets.append((weight if isinstance(weight, int | float) else 0, path, page))
    blocks = []
    for _, _, page in sorted(widgets, key=lambda item: (item[0], item[1])):
        content = dict_value(page.meta.get("content"))
        block = _block(str(page.meta["widget"]), content, page.meta, page.origin, page.body)
        block.text_line = page.body_line
        blocks.append(block)
    return blocks


def _block(name, content, settings, origin, text) -> Block:
    title = content.get("title") if "title" in content else settings.get("title")
    subtitle = content.get("subtitle") if "subtitle" in content else settings.get("subtitle")
    parts = [blocks_to_markdown(subtitle or ""), blocks_to_markdown(text or "")]
    body = "\n\n".join(filter(None, parts))
    design = dict_value(settings.get("design"))
    return Block(name, plain_line(title or ""), body, content, design, settings, origin)


def _read_block(site: HugoSite, block: Block, state: dict) -> None:
    data = site.data
    what = f"the section “{block.heading or block.name}”"
    if block.settings.get("demo") is True:
        site.skip(what, "the theme's demo section (demo: true)", block.origin)
        return
    if reason := demo_text_reason(f"{block.heading} {block.text}"):
        site.skip(what, reason, block.origin)
        return
    name = block.name
    if name in _ABOUT:
        _read_about(site, block, state)
    elif name in _COLLECTION:
        _read_collection(site, block)
    elif name in _EXPERIENCE:
        _read_experience(site, block, state)
    elif name in _AWARDS:
        _read_accomplishments(site, block)
        _add(data, "awards", block.heading, block.origin)
    elif name == "contact":
        _add(data, "links", block.heading, block.origin, block.text)
    elif name in _MARKDOWN:
        _read_markdown(site, block)
    else:
        site.skip(what, f"a “{name}” section, which labsite has no equivalent for; its text and "
                  "items are not carried over", block.origin)


def _read_about(site: HugoSite, block: Block, state: dict) -> None:
    data = site.data
    override = blocks_to_markdown(block.content.get("text") or "") if block.name != "about" else ""
    if override:  # the block's "Override your bio text"
        data.profile.about = override
    _add(data, "about", block.heading, block.origin)
    headings = dict_value(block.content.get("headings"))
    _add_interests(data, state, headings.get("interests"), block.origin)
    _add_education(data, state, headings.get("education"), block.origin)


def _read_collection(site: HugoSite, block: Block) -> None:
    filters = dict_value(block.content.get("filters"))
    folders = list_value(filters.get("folders")) or [block.content.get("page_type")]
    folder = str(folders[0] or ("publication" if block.name == "featured" else ""))
    kind = _FOLDER_KINDS.get(folder)
    if kind is None:
        site.skip(f"the section “{block.heading or block.name}”",
                  f"a list of the site's “{folder}” pages, which labsite has no place for",
                  block.origin)
    else:
        _add(site.data, kind, block.heading, block.origin, block.text)


def _add(data, kind: str, heading: str, origin: Origin, body: str = "") -> None:
    data.sections.append(SiteSection(kind=kind, heading=heading, body=body, origin=origin))


def _add_interests(data, state, heading, origin) -> None:
    if data.interests and not state["interests"]:
        state["interests"] = True
        _add(data, "interests", plain_line(heading or "") or "Interests", origin)


def _add_education(data, state, heading, origin) -> None:
    if any(entry.kind == "education" for entry in data.cv) and not state["education"]:
        state["education"] = True
        _add(data, "education", plain_line(heading or "") or "Education", origin)


def _read_experience(site: HugoSite, block: Block, state: dict) -> None:
    data = site.data
    items = [item for item in list_value(block.settings.get("experience")) if dict_value(item)]
    if any(text_value(item.get("company")) in _DEMO_ORGANISATIONS for item in items):
        site.skip(f"the section “{block.heading}”", "the theme's demo experience (GenCoin, "
                  "University X)", block.origin)
        return
    date_format = block.settings.get("date_format") or block.design.get("date_format")
    precision = format_precision(date_format)
    for item in items:
        data.cv.append(experience_entry(item, block.origin, precision))
    education_first = block.design.get("is_education_first") is True
    if education_first:
        _add_education(data, state, "", block.origin)
    _add(data, "positions", block.heading or "Experience", block.origin)
    if not education_first:
        _add_education(data, state, "", block.origin)


def _read_accomplishments(site: HugoSite, block: Block) -> None:
    """The v5 accomplishments widget's ``item`` list: awards and certificates, and the
    teaching some sites list there."""
    items = [item for item in list_value(block.settings.get("item")) if dict_value(item)]
    if items and all(text_value(item.get("organization")) in _DEMO_ORGANISATIONS
                     for item in items):
        site.skip(f"the items of “{block.heading}”", "the theme's demo certificates", block.origin)
        return
    precision = format_precision(block.settings.get("date_format"))
    for item in items:
        title = plain_line(item.get("title") or "")
        if not title:
            continue
        start = site_date(item.get("date_start"), precision)
        description = blocks_to_markdown(item.get("description") or "")
        if re.search(r"\bteaching\b|\blecturer\b|\binstructor\b", title, re.I):
            site.data.cv.append(SiteCVEntry(
                kind="teaching", title=title,
                organisation=plain_line(item.get("organization") or ""),
                start=start, end=site_date(item.get("date_end"), precision),
                description=description, link=web_url(item.get("url")), origin=block.origin,
            ))
        else:
            site.data.awards.append(SiteAward(
                title=title, granting_body=plain_line(item.get("organization") or ""),
                description=description, date=start, origin=block.origin,
            ))


def _read_markdown(site: HugoSite, block: Block) -> None:
    data = site.data
    kind = section_kind(block.heading)
    if kind in ("news", "awards", "interests", *_CV_KIND) and _read_list(site, block, kind):
        _add(data, kind, block.heading, block.origin)
        return
    if not block.text:
        site.skip(f"the section “{block.heading}”", "nothing is left of it once the theme's "
                  "shortcodes (galleries, icons) are removed", block.origin)
        return
    _add(data, "custom", block.heading, block.origin, block.text)


def _chunks(text: str):
    """(line offset, text) pieces within parse_pasted_list's bounds, cut between lines, so
    that a long news list is read in linear time rather than refused."""
    lines = text.split("\n")
    start, size = 0, 0
    for index, line in enumerate(lines):
        length = len(line.encode("utf-8")) + 1
        if index > start and (size + length > MAX_BYTES or index - start >= MAX_LINES):
            yield start, "\n".join(lines[start:index])
            start, size = index, 0
        size += length
    yield start, "\n".join(lines[start:])


def _read_list(site: HugoSite, block: Block, kind: str) -> bool:
    """The section's text as dated items when it is a list and nothing else."""
    items = []
    for offset, chunk in _chunks(block.text):
        try:
            pasted = parse_pasted_list(chunk)
        except PastedListTooLarge as error:  # one line over the bound: not a list item
            site.warn(f"{block.origin.describe()}: {error} The section was kept as text.")
            return False
        if pasted.unread:
            return False
        items += [dataclasses.replace(item, line=item.line + offset) for item in pasted.items]
    if not items:
        return False
    for item in items:
        line = block.text_line + item.line - 1 if block.text_line else block.origin.line
        origin = Origin(block.origin.path, line)
        date = SiteDate(item.date, item.precision)
        end = SiteDate(item.end_date, item.end_precision) if item.end_date else SiteDate()
        if kind == "news":
            data_item = SiteNewsItem(text=item.text, date=date, origin=origin)
            site.data.news.append(data_item)
        elif kind == "awards":
            site.data.awards.append(SiteAward(title=plain_line(item.text), description=item.text,
                                              date=date, origin=origin))
        elif kind == "interests":
            site.data.interests.append(SiteInterest(title=plain_line(item.text)))
        else:
            site.data.cv.append(SiteCVEntry(kind=_CV_KIND[kind], title=plain_line(item.text),
                                            description=item.text, start=date, end=end,
                                            origin=origin))
    return True
