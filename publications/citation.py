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
    venue = publication.venue or publication.venue_short
    first, last = split_pages(publication.pages)
    optional = [
        ("citation_publication_date", publication_date(publication)),
        (_VENUE_TAGS.get(publication.kind, ""), venue if publication.kind in _VENUE_TAGS else ""),
        ("citation_volume", publication.volume),
        ("citation_issue", publication.number),
        ("citation_firstpage", first),
        ("citation_lastpage", last),
        ("citation_publisher", publication.publisher),
        ("citation_pdf_url", entry.pdf_url()),
        ("citation_doi", publication.doi.strip()),
        ("citation_arxiv_id", publication.arxiv_id.strip()),
        ("citation_keywords", "; ".join(name for name, _slug in entry.tags)),
    ]
    return [
        ("citation_title", publication.title),
        *(("citation_author", author.name) for author in entry.authors),
        *((name, value) for name, value in optional if value),
    ]


def scholarly_article(publication, entry: Entry, *, page_url: str, request) -> dict:
    """schema.org ``ScholarlyArticle`` of the paper, as a dict ready for JSON."""
    data = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "@id": page_url,
        "url": page_url,
        "headline": publication.title[:110],
        "name": publication.title,
        "author": _schema_authors(entry, request),
    }
    venue = publication.venue or publication.venue_short
    venue_type = "Periodical" if publication.kind == PublicationKind.JOURNAL else "CreativeWork"
    optional = {
        "datePublished": publication_date(publication).replace("/", "-"),
        "abstract": publication.abstract,
        "isPartOf": {"@type": venue_type, "name": venue} if venue else None,
        "publisher": ({"@type": "Organization", "name": publication.publisher}
                      if publication.publisher else None),
        **_schema_pages(publication.pages),
        "identifier": [
            {"@type": "PropertyValue", "propertyID": property_id, "value": value}
            for property_id, value in (("DOI", publication.doi), ("arXiv", publication.arxiv_id))
            if value
        ],
        "sameAs": [link.url for link in entry.all_links() if link.kind in ("doi", "arxiv")],
        "keywords": [name for name, _slug in entry.tags],
        "image": (request.build_absolute_uri(publication.thumbnail.url)
                  if publication.thumbnail else None),
        "award": entry.awards,
    }
    data.update((key, value) for key, value in optional.items() if value)
    return data


def _schema_authors(entry: Entry, request) -> list[dict]:
    authors = []
    for author in entry.authors:
        person = {"@type": "Person", "name": author.name}
        if url := entry.member_url(author):
            person["url"] = request.build_absolute_uri(url)
        authors.append(person)
    return authors


def _schema_pages(pages: str) -> dict[str, str]:
    if not pages:
        return {}
    first, last = split_pages(pages)
    return {"pageStart": first, **({"pageEnd": last} if last else {})}
