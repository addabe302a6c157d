"""One paper of an import: an existing publication and/or the entries that are it.

The planner (``planning``) puts every entry into the cluster of the paper it matches
(``keys``) and merges it in with ``Cluster.absorb``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from django.core.exceptions import ValidationError

from labsite.links import validate_web_url
from publications.choices import LinkKind
from publications.importers import ParsedAuthor, ParsedEntry
from publications.imports.keys import surname_key
from publications.imports.merge_policy import (
    AuthorList,
    respell,
    winning_authors,
    winning_values,
)
from publications.imports.types import AUTHOR_FIELDS, PlanItem
from publications.models import arxiv_url


@dataclass
class Cluster:
    """One paper: an existing publication and/or the entries of this import that are it."""

    values: dict[str, Any]
    existing_pk: int | None = None
    existing_slug: str = ""
    protected: frozenset[str] = frozenset()
    authors: list[ParsedAuthor] | None = None  # the author list, when this import sets it
    author_names: list[str] = field(default_factory=list)  # current list, for comparisons
    authors_changed: bool = False
    author_person_ids: set[int] = field(default_factory=set)  # linked members (existing)
    first_surname: str = ""
    links: set[tuple[str, str]] = field(default_factory=set)  # (kind, url) present
    new_links: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, url, label)
    changed: set[str] = field(default_factory=set)  # value fields changed on an existing row
    items: list[PlanItem] = field(default_factory=list)
    # The highest citation count this import read for the paper, and the entry it came from.
    citations: tuple[int, PlanItem] | None = None
    slug: str = ""
    source: tuple[str, str, str] = ("", "", "")  # file, format, key of the first entry
    by_person: bool = False  # an entry of it names the member whose export this is
    possible: list[tuple[Cluster, str]] = field(default_factory=list)
    invalid: str = ""  # validation message: the whole cluster becomes errors
    pk: int | None = None  # set once written

    @property
    def is_new(self) -> bool:
        return self.existing_pk is None

    @property
    def will_write(self) -> bool:
        if self.invalid or not self.items:
            return False
        return self.is_new or bool(self.changed or self.authors_changed or self.new_links)

    def label(self) -> str:
        state = "new" if self.is_new else "existing"
        return f'{state} "{self.values["title"]}" ({self.slug or self.existing_slug})'

    # -- merging one entry in --------------------------------------------------------

    def absorb(self, entry: ParsedEntry) -> list[str]:
        """Merge ``entry`` into the record by ``merge_policy``; returns the fields it set
        or changed."""
        won = winning_values(self.values, values_of(entry), protected=self.protected)
        self.values.update(won)
        if not self.is_new:
            self.changed.update(won)
        changes = list(won)
        self._absorb_authors(entry, changes)
        self._absorb_links(entry, changes)
        return changes

    def _absorb_authors(self, entry: ParsedEntry, changes: list[str]) -> None:
        current = AuthorList(len(self.author_names), bool(self.values.get("authors_truncated")))
        incoming = AuthorList(len(entry.authors), entry.authors_truncated)
        if not winning_authors(current, incoming, protected=self.protected):
            self._respell([a.name for a in entry.authors], changes)
            return
        # The winning list keeps the accents of the names it shares with this one.
        names = respell([a.name for a in entry.authors], self.author_names)
        if names == self.author_names:
            return
        self.authors = [replace(author, name=name)
                        for author, name in zip(entry.authors, names, strict=True)]
        self.author_names = names
        self.first_surname = surname_key(self.author_names[0])
        self.authors_changed = True
        changes.append("authors")
        if self.values.get("authors_truncated") != entry.authors_truncated:
            self.values["authors_truncated"] = entry.authors_truncated
            if not self.is_new:
                self.changed.add("authors_truncated")

    def _respell(self, incoming: list[str], changes: list[str]) -> None:
        """The list stays, but takes the accents ``incoming`` has for its names
        (``merge_policy.respell``): "Leon" becomes "Léon", never the other way."""
        if AUTHOR_FIELDS & self.protected:
            return
        names = respell(self.author_names, incoming)
        if names == self.author_names:
            return
        # An existing list is written again; ``merge_policy.carry_over`` keeps its links
        # and marks, as for any list an import replaces.
        authors = self.authors or [ParsedAuthor(name) for name in self.author_names]
        self.authors = [replace(author, name=name)
                        for author, name in zip(authors, names, strict=True)]
        self.author_names = names
        self.authors_changed = True
        changes.append("authors")

    def _absorb_links(self, entry: ParsedEntry, changes: list[str]) -> None:
        wanted = []
        arxiv_id = self.values.get("arxiv_id") or entry.arxiv_id
        if arxiv_id:
            wanted.append((LinkKind.ARXIV.value, arxiv_url(arxiv_id), ""))
        url = entry.url.strip()
        if url and not re.search(r"arxiv\.org/|doi\.org/", url, re.IGNORECASE):
            try:
                validate_web_url(url)  # the one rule for links (labsite/links.py)
            except ValidationError:
                pass  # an unusable link is left out; the paper itself is still imported
            else:
                if len(url) <= 500:
                    if url.casefold().split("?")[0].endswith(".pdf"):
                        wanted.append((LinkKind.PDF.value, url, ""))
                    else:
                        wanted.append((LinkKind.OTHER.value, url, "Paper"))
        if "links" in self.protected:
            return
        for kind, url, label in wanted:
            if (kind, url) not in self.links:
                self.links.add((kind, url))
                self.new_links.append((kind, url, label))
                changes.append("links")


def values_of(entry: ParsedEntry) -> dict[str, Any]:
    return {
        "title": entry.title,
        "kind": entry.kind,
        "venue": entry.venue,
        "venue_short": entry.venue_short,
        "year": entry.year,
        "month": entry.month,
        "volume": entry.volume,
        "number": entry.number,
        "pages": entry.pages,
        "publisher": entry.publisher,
        "doi": entry.doi,
        "arxiv_id": entry.arxiv_id,
        "scholar_id": entry.scholar_id,
        "abstract": entry.abstract,
        "note": entry.note,
        "citation_count": None,
        "citations_read_on": None,
        "authors_truncated": entry.authors_truncated,
    }
