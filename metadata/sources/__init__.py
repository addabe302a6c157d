"""The sources a refresh can read, one module each, joined here in ``SOURCES``.

A source module declares:

- ``SOURCE``: its ``metadata.models.Source`` value;
- ``KINDS``: the identifier kinds (``IdentifierKind`` values) it can look up, preferred
  first, and ``BATCH_SIZE``: how many identifiers one ``fetch_batch`` call takes;
- ``key_for(doi, arxiv_id) -> Identifier | None`` (optional): which identifier to ask for
  a paper; by default the first of ``KINDS`` the paper has;
- ``title_key`` (optional, given in ``SOURCES``): the key of a paper with neither DOI nor
  arXiv id, from its title, year and first author (OpenAlex: ``openalex_titles``);
- a fetch function ``(keys: list[Identifier]) -> {key: Facts | None}`` (None: the
  source does not know it) that does no database work and raises ``FetchFailed``.

To add a source, write its module and add one ``SourceSpec`` line to ``SOURCES``.

Sources whose refresh changes something else than a paper's counts and venue are named in
``ROUTED_SOURCES``: ``refresh.refresh_lab`` hands them to their own module, a code link's
stars (GitHub: ``metadata/stars.py``) or a member's works (ORCID, DBLP, OpenAlex works:
``metadata/works.py``).
``ALL_SOURCES`` is every source, in the order ``refresh_metadata --source all`` reads them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from metadata.sources import (
    arxiv,
    crossref,
    dblp,
    github,
    openalex,
    openalex_titles,
    openalex_works,
    orcid,
    semanticscholar,
)
from metadata.sources.facts import Facts, Identifier, normalise_arxiv_id, normalise_doi


@dataclass(frozen=True)
class SourceSpec:
    name: str
    kinds: tuple[str, ...]
    batch_size: int
    fetch_batch: Callable[[list[Identifier]], dict[Identifier, Facts | None]]
    key_for: Callable[[str, str], Identifier | None] | None = None
    # (title, year, first author) → the key of a paper with neither DOI nor arXiv id
    title_key: Callable[[str, int | None, str], Identifier | None] | None = None

    def key(self, doi: str, arxiv_id: str) -> Identifier | None:
        """The identifier this source is asked for a paper with ``doi`` and ``arxiv_id``."""
        if self.key_for is not None:
            return self.key_for(doi, arxiv_id)
        values = {"doi": normalise_doi(doi), "arxiv": normalise_arxiv_id(arxiv_id)}
        for kind in self.kinds:
            if values.get(kind):
                return Identifier(kind, values[kind])
        return None


def spec_of(module, fetch=None, title_key=None) -> SourceSpec:
    return SourceSpec(
        name=module.SOURCE, kinds=tuple(module.KINDS), batch_size=module.BATCH_SIZE,
        fetch_batch=fetch or module.fetch_batch, key_for=getattr(module, "key_for", None),
        title_key=title_key,
    )  # fmt: skip


SOURCES: dict[str, SourceSpec] = {
    spec.name: spec
    for spec in (
        spec_of(openalex, openalex_titles.fetch_identifiers, openalex_titles.title_identifier),
        spec_of(semanticscholar),
        spec_of(crossref),
        spec_of(arxiv),
    )
}


ROUTED_SOURCES: tuple[str, ...] = (github.SOURCE, orcid.SOURCE, dblp.SOURCE,
                                   openalex_works.SOURCE)
ALL_SOURCES: tuple[str, ...] = (*SOURCES, *ROUTED_SOURCES)


def source_spec(name: str) -> SourceSpec:
    try:
        return SOURCES[name]
    except KeyError:
        raise ValueError(f'No source "{name}". Sources: {", ".join(ALL_SOURCES)}.') from None
