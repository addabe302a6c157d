"""A Google Scholar crawler's ``gs_data.json``, beside a site or inside it.

AcadHomepage's crawler writes it to the ``google-scholar-stats`` branch (a "Download ZIP" of
main does not hold it), so it can be given beside the site (``importsite --scholar-data``,
the admin form's second file); some forks commit it (``results/gs_data.json``, or at the
root). Its records, read by the publication importers' gs_data.json reader, join the site's
papers before planning, so one plan and one preview cover both: a record of a paper on the
site (same Scholar id, else same title) gives it its citation count and Scholar id; a record
only in gs_data.json becomes a paper of its own, which the pipeline treats as the Scholar
import would (no authors: a member's own import keeps only those of their papers).
"""

from __future__ import annotations

import json

from publications.choices import ImportFormat
from publications.importers import parse
from publications.importers.text import title_key
from siteimport.formats.acadhomepage_papers import TEMPLATE_SCHOLAR_ID
from siteimport.source import SiteSource, describe_size, max_file_bytes
from siteimport.text.frontmatter import SiteFileError
from siteimport.types import Origin, SiteData, SiteInterest, SitePaper, Skipped

# Where gs_data.json turns up inside a site: the stats branch's root, the crawler's output.
SCHOLAR_DATA_PATHS = (
    "gs_data.json", "results/gs_data.json", "google_scholar_crawler/results/gs_data.json"
)
MAX_INTERESTS = 50


def check_given_size(size: int, name: str) -> None:
    """A given gs_data.json over the per-file bound: SiteFileError naming it."""
    if size > max_file_bytes():
        raise SiteFileError(Origin(name), f"larger than {describe_size(max_file_bytes())}; "
                            "nothing was imported")


def add_scholar_data(site: SiteData, source: SiteSource | None, *, given: bytes | None = None,
                     given_name: str = "gs_data.json") -> None:
    """Joins the records of ``given`` (else the site's own gs_data.json) to ``site``.

    A given file that cannot be read raises SiteFileError naming it (the user asked for it:
    nothing is imported); the site's own is reported as a warning and the rest imports.
    """
    if given is not None:
        check_given_size(len(given), given_name)
        path, data = given_name, given
    else:
        path = next((p for p in SCHOLAR_DATA_PATHS if source is not None and source.exists(p)),
                    None)
        if path is None:
            return
        if source.size(path) > max_file_bytes():
            site.warnings.append(f"{path} is larger than {describe_size(max_file_bytes())}: "
                                 "not read.")
            return
        data = source.read_bytes(path)
    result = parse(data, filename=path, format=ImportFormat.SCHOLARLY_JSON)
    whole_file = [error for error in result.errors if error.key is None]
    if given is not None and whole_file:
        raise SiteFileError(Origin(path), f"{whole_file[0].message}; nothing was imported")
    site.warnings += [error.describe() for error in result.errors]
    if any(entry.scholar_id.startswith(TEMPLATE_SCHOLAR_ID) for entry in result.entries):
        site.skipped.append(Skipped(path, "the theme's demo Scholar data (Kaiming He)",
                                    Origin(path)))
        return
    _join(site, result.entries, path)
    _interests(site, data)


def _join(site: SiteData, records, path: str) -> None:
    by_id = {paper.scholar_id: paper for paper in site.papers if paper.scholar_id}
    by_title = {}
    for paper in site.papers:
        by_title.setdefault(title_key(paper.entry.title), paper)
    for record in records:
        paper = by_id.get(record.scholar_id) or by_title.get(title_key(record.title))
        if paper is None:
            paper = SitePaper(entry=record, scholar_id=record.scholar_id, origin=Origin(path))
            site.papers.append(paper)
        else:
            paper.scholar_id = paper.scholar_id or record.scholar_id
            paper.entry.scholar_id = paper.entry.scholar_id or record.scholar_id
            paper.entry.citation_count = record.citation_count
        by_id.setdefault(record.scholar_id, paper)
        by_title.setdefault(title_key(record.title), paper)


def _interests(site: SiteData, data: bytes) -> None:
    """Scholar's interests ("Efficient AI", "GPU") when the page has no interests section."""
    if site.interests:
        return
    try:
        interests = json.loads(data).get("interests")
    except (ValueError, AttributeError, RecursionError):
        return  # the records reader has already said what is wrong with the file
    if isinstance(interests, list):
        site.interests = [SiteInterest(title=str(item)[:300])
                          for item in interests[:MAX_INTERESTS] if str(item).strip()]
