"""ORCID works as the public API v3.0 gives them in bulk (``GET /v3.0/{iD}/works/{put-codes}``:
``{"bulk": [{"work": {…}} | {"error": {…}}, …]}``), https://info.orcid.org/documentation/api-tutorials/api-tutorial-read-data-on-a-record/.

Read per work: ``title``, ``type``, ``journal-title``, ``publication-date``, the ``self``
external ids (``doi``, ``arxiv``), ``url``, ``short-description``, ``contributors`` (the
authors; when a work lists none, the authors of its ``citation`` when that is BibTeX).
"""

from __future__ import annotations

from collections.abc import Iterator

from .base import ParseError, RawRecord, json_list

# ORCID work types → the BibTeX-style types ``normalize.infer_kind`` reads.
_ENTRY_TYPES = {
    "journal-article": "article",
    "conference-paper": "inproceedings",
    "conference-abstract": "inproceedings",
    "conference-poster": "inproceedings",
    "book": "book",
    "edited-book": "book",
    "book-chapter": "incollection",
    "dissertation-thesis": "phdthesis",
    "dissertation": "phdthesis",
    "patent": "patent",
    "report": "techreport",
    "working-paper": "misc",
}
# Contributor roles that are not authorship.
_NOT_AUTHORS = frozenset({"editor", "chair-or-translator", "assignee", "support-staff",
                          "graduate-student", "other-inventor"})


def _value(node, *path: str) -> str:
    """``node[path…]["value"]`` as text ("" when any step is missing or null)."""
    for name in path:
        node = node.get(name) if isinstance(node, dict) else None
    if isinstance(node, dict):
        node = node.get("value")
    return str(node).strip() if isinstance(node, (str, int)) else ""


def _external_ids(work: dict) -> dict[str, str]:
    """The work's own ids by type (``self`` before ``version-of``/``part-of``)."""
    found: dict[str, str] = {}
    ids = (work.get("external-ids") or {}).get("external-id") or []
    ranked = sorted((i for i in ids if isinstance(i, dict)),
                    key=lambda i: i.get("external-id-relationship") != "self")
    for item in ranked:
        kind = str(item.get("external-id-type") or "").lower()
        value = _value(item, "external-id-normalized") or _value(item, "external-id-value")
        if kind and value and kind not in found:
            found[kind] = value
    return found


def _authors(work: dict) -> list[str]:
    names = []
    for person in (work.get("contributors") or {}).get("contributor") or []:
        if not isinstance(person, dict):
            continue
        role = str(((person.get("contributor-attributes") or {}).get("contributor-role"))
                   or "").lower()
        name = _value(person, "credit-name")
        if name and role not in _NOT_AUTHORS:
            names.append(name)
    if names:
        return names
    citation = work.get("citation") or {}
    if str(citation.get("citation-type") or "").lower() == "bibtex":
        from . import bibtex  # only for works that carry their BibTeX

        for record in bibtex.read_records(str(citation.get("citation-value") or "")[:65536]):
            if isinstance(record, RawRecord):
                return record.authors
    return []


def _record(work: dict, index: int) -> RawRecord:
    ids = _external_ids(work)
    kind = str(work.get("type") or "").lower()
    venue = _value(work, "journal-title")
    arxiv = ids.get("arxiv", "").removeprefix("arXiv:").removeprefix("arxiv:")
    if kind == "preprint" and not venue and arxiv:
        venue = "arXiv"
    return RawRecord(
        line=None, key=f"put-code {work.get('put-code') or index}",
        raw_type=kind, entry_type=_ENTRY_TYPES.get(kind, ""),
        title=_value(work, "title", "title"), authors=_authors(work), venue=venue,
        year=_value(work, "publication-date", "year") or None,
        month=_value(work, "publication-date", "month"),
        doi=ids.get("doi", ""), eprint=arxiv, url=_value(work, "url"),
        abstract=_value(work, "short-description"),
    )  # fmt: skip


def read_records(text: str) -> Iterator[RawRecord | ParseError]:
    items = json_list(text, "bulk", "ORCID's works JSON")
    if isinstance(items, ParseError):
        yield items
        return
    for index, item in enumerate(items, start=1):
        work = item.get("work") if isinstance(item, dict) else None
        if isinstance(work, dict):
            yield _record(work, index)
            continue
        error = item.get("error") if isinstance(item, dict) else None
        message = _value(error, "user-message") or str((error or {}).get("user-message") or "")
        yield ParseError(None, f"entry {index}", f"ORCID could not give this work: "
                         f"{message or 'not a work'}")
