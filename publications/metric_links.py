"""Links to a paper's pages on Altmetric and Dimensions, by its DOI.

Plain links, as their own documentation forms them (no donut script, no badge image):
Altmetric's details page ``https://www.altmetric.com/details/doi/<doi>`` (the DOI not
URL-encoded, as its API docs ask, only characters unsafe in a path), and Dimensions' search
of publications by DOI (``app.dimensions.ai/discover/publication?…search_field=doi``): a
Dimensions details page needs its own id (``pub.…``), which only its API knows. A paper
without a DOI has neither; a link the paper already has to the same page is not repeated
(``publications.link_targets``).
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from publications.importers.normalize import normalize_doi
from publications.link_targets import link_target

ALTMETRIC = "altmetric"
DIMENSIONS = "dimensions"
LABELS = {ALTMETRIC: "Altmetric", DIMENSIONS: "Dimensions"}


def altmetric_url(doi: str) -> str:
    doi = normalize_doi(doi)
    return f"https://www.altmetric.com/details/doi/{quote(doi, safe='/:;()')}" if doi else ""


def dimensions_url(doi: str) -> str:
    doi = normalize_doi(doi)
    if not doi:
        return ""
    query = urlencode({
        "search_mode": "content", "search_field": "doi", "search_type": "kws",
        "search_text": doi,
    })  # fmt: skip
    return f"https://app.dimensions.ai/discover/publication?{query}"


def metric_links(doi: str, existing_urls) -> list[tuple[str, str, str]]:
    """(kind, url, label) of the Altmetric and Dimensions links of a DOI, leaving out a page
    that one of ``existing_urls`` already leads to."""
    if not normalize_doi(doi):
        return []
    taken = {link_target(url) for url in existing_urls}
    found = []
    for kind, url in ((ALTMETRIC, altmetric_url(doi)), (DIMENSIONS, dimensions_url(doi))):
        if link_target(url) not in taken:  # case-folded: DOIs are case-insensitive
            found.append((kind, url, LABELS[kind]))
    return found
