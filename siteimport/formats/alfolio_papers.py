"""al-folio's papers: ``_bibliography/*.bib`` read by the publication pipeline's BibTeX
parser (one set of normalisation rules), plus the fields only al-folio's ``bib.liquid``
knows (buttons, ``selected``, ``preview``, ``award``…), read from the same text.
"""

from __future__ import annotations

import re

import bibtexparser
from bibtexparser.model import Entry

from labsite.links import is_web_url
from publications.importers import parse
from publications.models import PublicationLink
from siteimport.source import SiteSource
from siteimport.text.frontmatter import repair
from siteimport.types import Origin, SiteLink, SitePaper, Skipped

BIBLIOGRAPHY = "_bibliography/"
PREVIEW_FOLDER = "assets/img/publication_preview/"
PDF_FOLDER = "assets/pdf/"

Kind = PublicationLink.Kind
# al-folio's buttons (CUSTOMIZE.md, _layouts/bib.liquid) -> (link kind, label kept for the
# buttons whose kind alone would not say what they are).
BUTTONS = {
    "arxiv": (Kind.ARXIV, ""),
    "pdf": (Kind.PDF, ""),
    "code": (Kind.CODE, ""),
    "website": (Kind.PROJECT, ""),
    "html": (Kind.OTHER, "HTML"),
    "slides": (Kind.SLIDES, ""),
    "poster": (Kind.POSTER, ""),
    "blog": (Kind.BLOG, ""),
    "video": (Kind.VIDEO, ""),
    "supp": (Kind.OTHER, "Supp"),
    "hal": (Kind.OTHER, "HAL"),
}
# Local files are looked up here when the field is a bare name (bib.liquid's rule).
_FILE_BUTTONS = {"pdf", "slides", "poster", "supp"}

# The theme's own demo bibliography (al-folio _bibliography/papers.bib): its keys, so a
# site that kept them does not import Einstein's papers as the owner's.
TEMPLATE_KEYS = frozenset({
    "einstein1920relativity", "einstein1950meaning", "einstein1956investigations",
    "PhysRev.47.777", "einstein1905molekularkinetischen", "einstein1905movement",
    "einstein1905electrodynamics", "einstein1905photoelectriceffect", "przibram1967letters",
})
_TEMPLATE_AUTHORS = ("einstein", "przibram")
_TRUE = {"true", "yes", "1"}
_FRONT_MATTER = re.compile(r"\A---\s*\n(?:.*?\n)?---\s*\n", re.S)
_ARXIV_URL = "https://arxiv.org/abs/{}"


def bibliography_files(source: SiteSource) -> list[str]:
    return [path for path in source.files() if path.startswith(BIBLIOGRAPHY)
            and path.endswith(".bib")]


def read_papers(source: SiteSource, *, owner: tuple[list[str], list[str]], scholar_user: str,
                skipped: list[Skipped], warnings: list[str]) -> list[SitePaper]:
    papers: list[SitePaper] = []
    for path in bibliography_files(source):
        papers += _read_file(source, path, owner=owner, scholar_user=scholar_user,
                             skipped=skipped, warnings=warnings)
    return papers


def _read_file(source, path, *, owner, scholar_user, skipped, warnings) -> list[SitePaper]:
    text = repair(source.read_text(path))
    # Jekyll's empty front matter ("---\n---") is blanked, not cut, so lines keep their numbers.
    text = _FRONT_MATTER.sub(lambda match: "\n" * match.group(0).count("\n"), text, count=1)
    result = parse(text.encode("utf-8"), filename=path, format="bibtex")
    warnings += [error.describe() for error in result.errors]
    extras = _site_fields(text)
    papers = []
    for entry in result.entries:
        fields = extras.get(entry.line, {})
        origin = Origin(path, entry.line)
        if _is_template(entry):
            skipped.append(Skipped(f"paper “{entry.title}”", "the al-folio theme's demo "
                                   "bibliography, not the owner's paper", origin))
            continue
        paper = SitePaper(entry=entry, origin=origin)
        paper.links = _links(fields, path, origin, skipped)
        paper.selected = fields.get("selected", "").strip().casefold() in _TRUE
        if fields.get("award_name") or fields.get("award"):
            paper.highlights.append(fields.get("award_name") or "Award")
        if fields.get("preview"):
            paper.thumbnail = _site_path(fields["preview"], PREVIEW_FOLDER)
        if fields.get("google_scholar_id"):
            paper.scholar_id = ":".join(filter(None, (scholar_user, fields["google_scholar_id"])))
        if fields.get("abbr") and not entry.venue_short:
            entry.venue_short = fields["abbr"].strip()
        paper.owner_index = owner_position(entry, owner)
        papers.append(paper)
    return papers


def _site_fields(text: str) -> dict[int, dict[str, str]]:
    """al-folio's own fields of each entry, by the entry's first line (as ParsedEntry.line)."""
    library = bibtexparser.parse_string(text)
    found = {}
    for block in library.blocks:
        entry = getattr(block, "ignore_error_block", block)
        if isinstance(entry, Entry) and block.start_line is not None:
            fields = {}
            for field in entry.fields:
                fields.setdefault(field.key.casefold(), str(field.value).strip("{} \n"))
            found[block.start_line + 1] = fields
    return found


def _is_template(entry) -> bool:
    names = " ".join(author.name for author in entry.authors).casefold()
    return entry.key in TEMPLATE_KEYS and any(name in names for name in _TEMPLATE_AUTHORS)


def _links(fields, path, origin, skipped) -> list[SiteLink]:
    links = []
    for field, (kind, label) in BUTTONS.items():
        value = fields.get(field, "").strip()
        if not value or value.casefold() in _TRUE | {"false"}:
            continue
        if field == "arxiv" and not value.startswith("http"):
            value = _ARXIV_URL.format(value)
        if is_web_url(value):
            links.append(SiteLink(kind=kind, url=value, label=label))
        elif field in _FILE_BUTTONS:
            skipped.append(Skipped(f"{field} file {_site_path(value, PDF_FOLDER)}",
                                   "a file inside the site, not a link: attach it to the paper "
                                   "by hand", origin))
    return links


def _site_path(value: str, folder: str) -> str:
    value = value.strip().lstrip("/")
    return value if value.startswith("assets/") else folder + value


def owner_position(entry, owner: tuple[list[str], list[str]]) -> int | None:
    """Index of the site's owner in the author list, by ``scholar: {last_name, first_name}``
    (al-folio underlines the author whose last name and a first-name form both match)."""
    last_names, first_names = owner
    lasts = {name.casefold() for name in last_names}
    firsts = {name.casefold().rstrip(".") for name in first_names}
    for index, author in enumerate(entry.authors):
        parts = author.name.split()
        if len(parts) >= 2 and parts[-1].casefold() in lasts:
            first = " ".join(parts[:-1]).casefold().rstrip(".")
            if not firsts or first in firsts or first.split()[0] in firsts:
                return index
    return None
