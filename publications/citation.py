"""Machine-readable descriptions of a paper's page: Highwire Press ``citation_*`` meta
tags (read by Google Scholar) and schema.org ``ScholarlyArticle`` JSON-LD.

Both are plain data here; the template escapes the meta values and serialises the
JSON-LD with ``<``, ``>`` and ``&`` escaped, so no user text can close the tag.
"""

from __future__ import annotations

import re

from publications.choices import PublicationKind
from publications.queries import Entry

# The Highwire tag that names the venue, per kind.
_VENUE_TAGS = {
    PublicationKind.CONFERENCE: "citation_conference_title",
    PublicationKind.WORKSHOP: "citation_conference_title",
    PublicationKind.JOURNAL: "citation_journal_title",
    PublicationKind.CHAPTER: "citation_inbook_title",
    PublicationKind.THESIS: "citation_dissertation_institution",
}
_PAGES = re.compile(r"^\s*(\w+)\s*(?:-+|–|—)\s*(\w+)\s*$")


def split_pages(pages: str) -> tuple[str, str]:
    """("12", "34") for "12-34" or "12--34"; ("12", "") for a single page or article id."""
    match = _PAGES.match(pages)
    if match:
        return match.group(1), match.group(2)
    return pages.strip(), ""


def publication_date(publication) -> str:
    if not publication.year:
        return ""
    if publication.month:
        return f"{publication.year}/{publication.month:02d}"
    return str(publication.year)


def highwire_tags(publication, entry: Entry) -> list[tuple[str, str]]:
    """(name, content) pairs in the order Google Scholar's guidelines list them."""
    tags = [("citation_title", publication.title)]
    tags.extend(("citation_author", author.name) for author in entry.authors)
    if date := publication_date(publication):
        tags.append(("citation_publication_date", date))
    venue = publication.venue or publication.venue_short
    if venue and publication.kind in _VENUE_TAGS:
        tags.append((_VENUE_TAGS[publication.kind], venue))
    if publication.volume:
        tags.append(("citation_volume", publication.volume))
    if publication.number:
        tags.append(("citation_issue", publication.number))
    first, last = split_pages(publication.pages)
    if first:
        tags.append(("citation_firstpage", first))
    if last:
        tags.append(("citation_lastpage", last))
    if publication.publisher:
        tags.append(("citation_publisher", publication.publisher))
    if pdf := entry.pdf_url():
        tags.append(("citation_pdf_url", pdf))
    if publication.doi:
        tags.append(("citation_doi", publication.doi.strip()))
    if publication.arxiv_id:
        tags.append(("citation_arxiv_id", publication.arxiv_id.strip()))
    if entry.tags:
        tags.append(("citation_keywords", "; ".join(name for name, _slug in entry.tags)))
    return tags


def scholarly_article(publication, entry: Entry, *, page_url: str, request) -> dict:
    """schema.org ``ScholarlyArticle`` of the paper, as a dict ready for JSON."""
    authors = []
    for author in entry.authors:
        person = {"@type": "Person", "name": author.name}
        if url := entry.member_url(author):
            person["url"] = request.build_absolute_uri(url)
        authors.append(person)
    data = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "@id": page_url,
        "url": page_url,
        "headline": publication.title[:110],
        "name": publication.title,
        "author": authors,
    }
    if publication.year:
        data["datePublished"] = (
            f"{publication.year}-{publication.month:02d}"
            if publication.month
            else str(publication.year)
        )
    if publication.abstract:
        data["abstract"] = publication.abstract
    venue = publication.venue or publication.venue_short
    if venue:
        venue_type = "Periodical" if publication.kind == PublicationKind.JOURNAL else "CreativeWork"
        data["isPartOf"] = {"@type": venue_type, "name": venue}
    if publication.publisher:
        data["publisher"] = {"@type": "Organization", "name": publication.publisher}
    if publication.pages:
        first, last = split_pages(publication.pages)
        data["pageStart"] = first
        if last:
            data["pageEnd"] = last
    identifiers = []
    if publication.doi:
        identifiers.append(
            {"@type": "PropertyValue", "propertyID": "DOI", "value": publication.doi}
        )
    if publication.arxiv_id:
        identifiers.append(
            {"@type": "PropertyValue", "propertyID": "arXiv", "value": publication.arxiv_id}
        )
    if identifiers:
        data["identifier"] = identifiers
    same_as = [link.url for link in entry.all_links() if link.kind in ("doi", "arxiv")]
    if same_as:
        data["sameAs"] = same_as
    if entry.tags:
        data["keywords"] = [name for name, _slug in entry.tags]
    if publication.thumbnail:
        data["image"] = request.build_absolute_uri(publication.thumbnail.url)
    if entry.awards:
        data["award"] = entry.awards
    return data
