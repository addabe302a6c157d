"""arXiv's API (https://info.arxiv.org/help/api/user-manual.html): papers by id
(``/api/query?id_list=a,b&max_results=n``), answered as an Atom feed.

Reads each entry's ``id`` (``http://arxiv.org/abs/<id>v<version>``: the latest version),
``title``, ``arxiv:journal_ref`` (where the paper was published, as its authors wrote it)
and ``arxiv:doi`` (the DOI of that published version). arXiv gives no citation counts.
A malformed id turns the whole answer into one error entry: the batch is then asked id by
id. arXiv asks for 3 s between calls (``LABSITE_METADATA_MIN_INTERVALS["arxiv"]``).
The XML is parsed with defusedxml (no entity expansion, no external entities, no DTD).
"""

from __future__ import annotations

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from django.conf import settings

from metadata.http import FetchFailed, fetch_bytes
from metadata.sources.facts import (
    Facts,
    Identifier,
    kind_of_venue,
    normalise_arxiv_id,
    normalise_doi,
    text,
    year_or_none,
)

SOURCE = "arxiv"
KINDS = ("arxiv",)
BATCH_SIZE = 50
MAX_PAGES = 5
ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
ERROR_ID = "arxiv.org/api/errors"


class MalformedId(FetchFailed):
    """arXiv refused an id of the batch (its error entry)."""


def parse_feed(content: bytes) -> tuple[list[Facts], int]:
    """An Atom answer → (the facts of its entries, the total results it announces)."""
    try:
        feed = fromstring(content, forbid_dtd=True)
    except (ParseError, DefusedXmlException) as error:
        raise FetchFailed(f"malformed XML from arXiv: {error}") from None
    if feed.tag != f"{ATOM}feed":
        raise FetchFailed("arXiv answered something that is not an Atom feed")
    entries = []
    for entry in feed.iter(f"{ATOM}entry"):
        entry_id = entry.findtext(f"{ATOM}id") or ""
        if ERROR_ID in entry_id:
            raise MalformedId(text(entry.findtext(f"{ATOM}summary"), 200) or entry_id)
        entries.append(parse_entry(entry))
    total = (feed.findtext(f"{OPENSEARCH}totalResults") or "").strip()
    return entries, int(total) if total.isdigit() else len(entries)


def parse_entry(entry) -> Facts:
    versioned = (entry.findtext(f"{ATOM}id") or "").rsplit("/abs/", 1)[-1].strip()
    if not versioned:
        raise FetchFailed("arXiv answered an entry without an id")
    journal_ref = text(entry.findtext(f"{ARXIV}journal_ref"), 300)
    venue_doi = normalise_doi(entry.findtext(f"{ARXIV}doi") or "")[:200]
    facts = Facts(source_id=versioned[:100], arxiv_id=normalise_arxiv_id(versioned)[:40])
    if not (journal_ref or venue_doi):
        return facts
    return Facts(
        source_id=facts.source_id, arxiv_id=facts.arxiv_id, venue=journal_ref,
        venue_year=year_or_none(journal_ref), venue_doi=venue_doi,
        venue_title=text(entry.findtext(f"{ATOM}title"), 500),
        venue_kind=kind_of_venue(journal_ref) if journal_ref else "",
    )  # fmt: skip


def _query(ids: list[str]) -> list[Facts]:
    found: list[Facts] = []
    for _page in range(MAX_PAGES):
        params = {"id_list": ",".join(ids), "start": len(found), "max_results": len(ids)}
        entries, total = parse_feed(fetch_bytes(
            SOURCE, settings.LABSITE_ARXIV_URL, "/api/query", params, polite=False,
            accept="application/atom+xml"))  # fmt: skip
        found.extend(entries)
        if not entries or len(found) >= min(total, len(ids)):
            return found
    raise FetchFailed(f"arXiv paged over {MAX_PAGES} pages for {len(ids)} ids")


def fetch_batch(keys: list[Identifier]) -> dict[Identifier, Facts | None]:
    """Every key of the batch → its facts, or None when arXiv has no such id."""
    try:
        entries = _query([key.value for key in keys])
    except MalformedId:
        if len(keys) == 1:
            return {keys[0]: None}
        found: dict[Identifier, Facts | None] = {}
        for key in keys:  # find the one arXiv refuses; the others still count
            found.update(fetch_batch([key]))
        return found
    by_id = {facts.arxiv_id: facts for facts in entries}
    return {key: by_id.get(key.value) for key in keys}
