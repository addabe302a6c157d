"""al-folio's CV data: ``assets/json/resume.json`` (JSON Resume, preferred by the theme when
present) or ``_data/cv.yml`` (the theme's older list of titled sections: ``time_table``,
``map``, ``list``, ``nested_list``).
"""

from __future__ import annotations

import json
import re

from labsite.sections import SectionKind
from people.models import CVEntry
from people.pasted_lists import plain_text, read_dates
from siteimport.text.cleaning import clean_markdown
from siteimport.text.frontmatter import SiteFileError, repair, yaml_data
from siteimport.text.headings import section_kind
from siteimport.types import Origin, SiteAward, SiteCVEntry, SiteData, SiteDate, Skipped

RESUME = "assets/json/resume.json"
CV_YAML = "_data/cv.yml"

Kind = CVEntry.Kind
# A cv.yml section's title -> what its entries are ("awards" for SiteAward): the shared
# heading table first, then words only a CV's titles use this way ("Degrees", "Work").
_CV_KINDS = {
    SectionKind.EDUCATION: Kind.EDUCATION, SectionKind.POSITIONS: Kind.POSITION,
    SectionKind.TALKS: Kind.TALK, SectionKind.TEACHING: Kind.TEACHING,
    SectionKind.SERVICE: Kind.SERVICE, SectionKind.AWARDS: "awards",
}
_CV_ONLY_WORDS = (
    (re.compile(r"degree|stud", re.I), Kind.EDUCATION),
    (re.compile(r"work|research|appointment", re.I), Kind.POSITION),
    (re.compile(r"seminar", re.I), Kind.TALK),
    (re.compile(r"mentor|supervis", re.I), Kind.TEACHING),
    (re.compile(r"fellowship", re.I), "awards"),
)


def read_cv(source, data: SiteData) -> None:
    if source.exists(RESUME):
        _read_resume(source, data)
    elif source.exists(CV_YAML):
        _read_cv_yaml(source, data)


def span(text) -> tuple[SiteDate, SiteDate]:
    """(start, end) of "2021 - Now", "2025.02 - 2025.12", "2019" at the precision written;
    an ongoing range has no end (the CV shows "present")."""
    found = read_dates(str(text or "").strip())
    if found is None or found[0] is None:
        return SiteDate(), SiteDate()
    start, precision, end, end_precision, _ongoing, _used = found
    return SiteDate(start, precision), (SiteDate(end, end_precision) if end else SiteDate())


def _kind_of(title: str):
    kind = _CV_KINDS.get(section_kind(title))
    return kind or next((kind for pattern, kind in _CV_ONLY_WORDS if pattern.search(title)), None)


def _read_cv_yaml(source, data: SiteData) -> None:
    try:
        sections = yaml_data(source.read_text(CV_YAML), CV_YAML)
    except SiteFileError as error:
        data.warnings.append(str(error))
        return
    if isinstance(sections, dict) and isinstance(sections.get("cv"), dict):
        _read_rendercv(sections["cv"], data)
        return
    for section in sections if isinstance(sections, list) else []:
        if not isinstance(section, dict):
            continue
        title = str(section.get("title") or "")
        kind = _kind_of(title)
        origin = Origin(CV_YAML)
        if kind is None or section.get("type") != "time_table":
            data.skipped.append(Skipped(f"CV section “{title}”", "not a list of dated entries "
                                        "labsite has a place for", origin))
            continue
        for item in section.get("contents") or []:
            if isinstance(item, dict):
                _cv_yaml_item(kind, item, origin, data)


def _read_rendercv(cv: dict, data: SiteData) -> None:
    """RenderCV (al-folio ≥ v0.14): ``cv.sections`` maps a title to its entries."""
    origin = Origin(CV_YAML)
    if cv.get("label") and not data.profile.position:
        data.profile.position = str(cv["label"])
    sections = cv.get("sections") if isinstance(cv.get("sections"), dict) else {}
    for title, entries in sections.items():
        kind = _kind_of(str(title))
        if kind is None or not isinstance(entries, list):
            data.skipped.append(Skipped(f"CV section “{title}”", "not a list of dated entries "
                                        "labsite has a place for", origin))
            continue
        for item in entries:
            if isinstance(item, dict):
                _rendercv_item(kind, item, origin, data)


def _rendercv_item(kind, item: dict, origin: Origin, data: SiteData) -> None:
    start = _json_date(item.get("start_date") or item.get("startDate") or item.get("date"))
    end = _json_date(item.get("end_date") or item.get("endDate"))
    lines = item.get("highlights") if isinstance(item.get("highlights"), list) else []
    description = "\n".join([str(item.get("summary") or ""), *(f"- {clean_markdown(str(line))}"
                                                              for line in lines)]).strip()
    if kind == "awards":
        title = item.get("name") or item.get("title") or item.get("label") or item.get("bullet")
        if title:
            data.awards.append(SiteAward(title=plain_text(clean_markdown(str(title))),
                                         description=description, date=start, origin=origin))
        return
    degree = item.get("degree") or item.get("studyType")
    degree = " in ".join(str(part) for part in (degree, item.get("area")) if part)
    title = item.get("position") or degree or item.get("name") or ""
    data.cv.append(SiteCVEntry(
        kind=kind, title=plain_text(clean_markdown(str(title))),
        organisation=str(item.get("company") or item.get("institution") or ""),
        place=str(item.get("location") or ""), start=start, end=end,
        description=description, link=str(item.get("url") or ""), origin=origin,
    ))


def _cv_yaml_item(kind, item: dict, origin: Origin, data: SiteData) -> None:
    start, end = span(item.get("year"))
    if kind == "awards":
        for award in item.get("items") or [item.get("title")]:
            if award:
                title, note = _award_note(clean_markdown(str(award)))
                data.awards.append(SiteAward(title=plain_text(title), description=note,
                                             date=start, origin=origin))
        return
    lines = item.get("description") or []
    description = "\n".join(f"- {clean_markdown(str(line))}" for line in
                            (lines if isinstance(lines, list) else [lines]))
    data.cv.append(SiteCVEntry(
        kind=kind, title=plain_text(clean_markdown(str(item.get("title") or ""))),
        organisation=str(item.get("institution") or ""), place=str(item.get("location") or ""),
        start=start, end=end, description=description, origin=origin,
    ))


_TRAILING_NOTE = re.compile(r"\s*\*\((?P<note>[^*]+)\)\*\s*$")


def _award_note(text: str) -> tuple[str, str]:
    """"Prize. *(Given to …)*": the italic note after an award is its description."""
    found = _TRAILING_NOTE.search(text)
    return (text[: found.start()], found["note"]) if found else (text, "")


def _read_resume(source, data: SiteData) -> None:
    try:
        resume = json.loads(repair(source.read_text(RESUME)))
    except json.JSONDecodeError as error:
        data.warnings.append(f"{RESUME}, line {error.lineno}: cannot read the JSON ({error.msg})")
        return
    if not isinstance(resume, dict):
        return
    origin = Origin(RESUME)
    for kind, key, title, organisation in (
        (Kind.POSITION, "work", "position", "name"),
        (Kind.EDUCATION, "education", "studyType", "institution"),
        (Kind.SERVICE, "volunteer", "position", "organization"),
    ):
        for item in _items(resume, key):
            name = str(item.get(title) or "")
            if key == "education" and item.get("area"):
                name = f"{name} in {item['area']}".strip()
            data.cv.append(SiteCVEntry(
                kind=kind, title=name, organisation=str(item.get(organisation) or ""),
                place=str(item.get("location") or ""), start=_json_date(item.get("startDate")),
                end=_json_date(item.get("endDate")), description=str(item.get("summary") or ""),
                link=str(item.get("url") or ""), origin=origin,
            ))
    for item in _items(resume, "awards"):
        if item.get("title"):
            data.awards.append(SiteAward(
                title=str(item["title"]), granting_body=str(item.get("awarder") or ""),
                description=str(item.get("summary") or ""),
                date=_json_date(item.get("date") or item.get("startdate")), origin=origin,
            ))
    for key in ("publications", "projects", "skills", "languages", "references", "certificates"):
        for item in _items(resume, key):
            what = item.get("name") or item.get("language") or item.get("title") or key
            data.skipped.append(Skipped(f"resume.json {key}: “{what}”", _NOT_CARRIED[key], origin))


_NOT_CARRIED = {
    "publications": "papers are read from _bibliography/*.bib",
    "projects": "labsite has no projects list yet",
    "skills": "labsite has no skills list",
    "languages": "labsite has no languages list",
    "references": "references are not shown on labsite pages",
    "certificates": "labsite has no certificates list",
}


def _items(resume: dict, key: str) -> list[dict]:
    items = resume.get(key) or []
    return [item for item in items if isinstance(item, dict) and any(item.values())]


def _json_date(value) -> SiteDate:
    return span(value)[0] if value else SiteDate()
