"""What a link points at, so that two spellings of one target count as one link.

arXiv: ``arxiv.org/abs/ID``, ``/pdf/ID``, ``/pdf/IDv2``, ``www.arxiv.org`` and
``arXiv:ID`` are all the paper ``ID``. DOI: ``doi.org/…``, ``dx.doi.org/…`` and ``doi:…``
are the DOI, case-folded (DOIs are case-insensitive). Anything else: the URL without its
scheme, ``www.`` and trailing slash.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from publications.importers.normalize import normalize_doi, parse_arxiv

_ARXIV_HOST = re.compile(r"^(?:https?://)?(?:www\.|export\.)?arxiv\.org/", re.IGNORECASE)
_DOI_FORM = re.compile(r"^(?:https?://(?:www\.)?(?:dx\.)?doi\.org/|doi:)", re.IGNORECASE)
_SCHEME_AND_WWW = re.compile(r"^(?:https?://)?(?:www\.)?", re.IGNORECASE)


def arxiv_target(arxiv_id: str) -> str:
    arxiv_id = parse_arxiv(arxiv_id.strip())
    return f"arxiv:{arxiv_id.casefold()}" if arxiv_id else ""


def doi_target(doi: str) -> str:
    doi = unquote(normalize_doi(doi)).strip().rstrip("/")
    return f"doi:{doi.casefold()}" if doi else ""


def link_target(url: str) -> str:
    """A key equal for every address of the same arXiv paper, DOI or page."""
    url = url.strip()
    if _ARXIV_HOST.match(url) or url.lower().startswith("arxiv:"):
        target = arxiv_target(url)
        if target:
            return target
    if _DOI_FORM.match(url):
        target = doi_target(url)
        if target:
            return target
    return _SCHEME_AND_WWW.sub("", url).rstrip("/").casefold()
