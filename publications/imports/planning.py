"""Planning an import: what will happen to every entry, and why, without writing.

Every entry is matched (``keys``) against the entries before it and the lab's papers,
and merged into the cluster of the paper it is (``clusters``). New papers with nearly
the same title as another by the same first author are possible duplicates
(``near_duplicates``); in a member's own import, entries of a paper they do not author
are not theirs (``rules``); what would not validate is an error (``validation``).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import timezone

from publications.choices import PublicationKind
from publications.importers import ParsedEntry, ParseResult
from publications.imports.clusters import Cluster, values_of
from publications.imports.keys import (
    NewSlugs,
    identifier_key,
    identifiers_conflict,
    surname_key,
    title_key,
)
from publications.imports.merge_policy import CitationReading, winning_citations
from publications.imports.near_duplicates import PairBudget, Title, find_near_duplicates
from publications.imports.parsing import ProgressCallback, parse_files
from publications.imports.rules import not_authored_by, not_yours_reason
from publications.imports.types import (
    DUPLICATE,
    ERROR,
    MERGE,
    NEW,
    NOT_YOURS,
    POSSIBLE_DUPLICATE,
    UPDATE,
    VALUE_FIELDS,
    FileSummary,
    ImportFile,
    ImportPlan,
    PlanItem,
)
from publications.imports.validation import validate_clusters
from publications.linking import MemberNames, candidates_for
from publications.models import Authorship, PossibleDuplicate, Publication, PublicationLink


def plan_import(
    *,
    lab,
    files: Iterable[Any] | None = None,
    parsed: Sequence[tuple[ImportFile, ParseResult]] | None = None,
    person=None,
    format: str = "auto",
    person_must_author: bool = False,
    only_own_papers: bool | None = None,
    progress: ProgressCallback | None = None,
) -> ImportPlan:
    """Say what importing ``files`` into ``lab`` would do, without writing anything.

    ``files``: ``ImportFile`` objects or ``(name, bytes)`` pairs (or pass ``parsed``).
    ``person``: the member whose export this is; entries that do not list them among
    the authors are flagged, and skipped when ``person_must_author`` (a member importing
    their own export). ``only_own_papers`` (default: ``person_must_author``): an entry
    that matches an existing paper ``person`` is not a linked author of is ``NOT_YOURS``,
    listed and not applied; only a lab editor's import may change a labmate's paper.
    Runs a constant number of queries whatever the number of entries.
    """
    if person is not None and person.lab_id != lab.pk:
        raise ValueError("the person must be a member of the lab")
    if parsed is None:
        parsed = parse_files(files or [], format=format, progress=progress)
    today = timezone.localdate()
    if only_own_papers is None:
        only_own_papers = person_must_author
    planner = _Planner(lab=lab, person=person, person_must_author=person_must_author,
                       only_own_papers=only_own_papers and person is not None, today=today)
    summaries = []
    total = sum(len(result.entries) for _, result in parsed)
    done = 0
    for upload, result in parsed:
        summaries.append(
            FileSummary(upload.name, result.format, upload.length, len(result.entries),
                        len(result.errors))
        )
        planner.add_file(result, done=done, total=total, progress=progress)
        done += len(result.entries)
    planner.finish()
    if progress:
        progress("Matching", total, total)
    return ImportPlan(
        lab=lab,
        person=person,
        files=summaries,
        items=planner.items,
        _clusters=planner.touched_clusters(),
        _existing_pairs=planner.existing_pairs,
        _authorships=planner.authorships,
        _links=planner.links_by_pk,
        near_duplicates=planner.pair_budget.stats,
    )


class _Planner:
    def __init__(self, *, lab, person, person_must_author: bool, only_own_papers: bool,
                 today: datetime.date):
        self.lab, self.person, self.today = lab, person, today
        self.person_must_author = person_must_author
        self.only_own_papers = only_own_papers
        self.person_names = MemberNames.of(person) if person is not None else None
        self.person_fits: dict[str, bool] = {}
        self.items: list[PlanItem] = []
        self.clusters: list[Cluster] = []
        self.by_doi: dict[str, Cluster] = {}
        self.by_arxiv: dict[str, Cluster] = {}
        self.by_scholar: dict[str, Cluster] = {}
        self.by_title: dict[str, Cluster] = {}
        self.new_clusters: list[Cluster] = []
        # Same title but different identifiers: (item, candidate, reason), reviewed later.
        self.conflicts: list[tuple[PlanItem, Cluster, str]] = []
        self.item_cluster: dict[int, Cluster] = {}
        self.matches: list[tuple[PlanItem, str, Cluster]] = []
        self.pair_budget = PairBudget()  # possible-duplicate pairs this import may list
        self._load_existing()

    # The lab's papers, authors, links, slugs and reviewed pairs: five queries.
    def _load_existing(self) -> None:
        lab = self.lab
        rows = Publication.objects.for_lab(lab).order_by("pk").values(
            "pk", "slug", "title_key", "edited_fields", "alias_title_keys", *VALUE_FIELDS,
        )
        self.authorships: dict[int, list[dict]] = defaultdict(list)
        for row in (
            Authorship.objects.for_lab(lab)
            .order_by("publication_id", "position")
            .values("pk", "publication_id", "position", "name", "person_id",
                    "equal_contribution", "corresponding")
        ):
            self.authorships[row["publication_id"]].append(row)
        self.links_by_pk: dict[int, set[tuple[str, str]]] = defaultdict(set)
        for pub_id, kind, url in PublicationLink.objects.for_lab(lab).values_list(
            "publication_id", "kind", "url"
        ):
            self.links_by_pk[pub_id].add((kind, url))
        pairs = PossibleDuplicate.objects.for_lab(lab).values_list("publication_id", "other_id")
        self.existing_pairs = {(min(a, b), max(a, b)) for a, b in pairs}
        self.slugs = NewSlugs()
        self.new_pairs: set[tuple[int, int]] = set()
        for row in rows:
            authors = self.authorships.get(row["pk"], [])
            protected = frozenset(row["edited_fields"] or [])
            cluster = Cluster(
                values={name: row[name] for name in VALUE_FIELDS},
                existing_pk=row["pk"],
                existing_slug=row["slug"],
                protected=protected,
                author_names=[a["name"] for a in authors],
                author_person_ids={a["person_id"] for a in authors if a["person_id"]},
                first_surname=surname_key(authors[0]["name"]) if authors else "",
                links=set(self.links_by_pk.get(row["pk"], ())),
            )
            self.clusters.append(cluster)
            self.slugs.taken.add(row["slug"])
            self._register(cluster, row["doi"], row["arxiv_id"], row["scholar_id"],
                           row["title_key"])
            for alias in row["alias_title_keys"] or ():
                self.by_title.setdefault(alias, cluster)

    def _register(self, cluster: Cluster, doi: str, arxiv_id: str, scholar_id: str,
                  key: str) -> None:
        for index, value in ((self.by_doi, identifier_key(doi)), (self.by_scholar, scholar_id),
                             (self.by_arxiv, identifier_key(arxiv_id)), (self.by_title, key)):
            if value:
                index.setdefault(value, cluster)

    def add_file(self, result: ParseResult, *, done: int, total: int,
                 progress: ProgressCallback | None) -> None:
        # A parse error on an entry that was still read (e.g. a repeated field) is a
        # warning on that entry, not a lost entry.
        read = {(entry.line, entry.key) for entry in result.entries}
        warnings: dict[tuple, list[str]] = defaultdict(list)
        for error in result.errors:
            if error.key is not None and (error.line, error.key) in read:
                warnings[(error.line, error.key)].append(error.message)
            else:
                self.items.append(
                    PlanItem(result.filename, error.line, error.key, "", ERROR, [error.message])
                )
        step = max(1, total // 100)
        for index, entry in enumerate(result.entries):
            if progress and (done + index) % step == 0:
                progress("Matching", done + index, total)
            item = PlanItem(result.filename, entry.line, entry.key, entry.title, NEW)
            item.flags.extend(warnings.get((entry.line, entry.key), ()))
            self.items.append(item)
            self._add_entry(entry, item, result)

    def _names_person(self, name: str) -> bool:
        if name not in self.person_fits:
            self.person_fits[name] = bool(candidates_for(name, [self.person_names]))
        return self.person_fits[name]

    def _add_entry(self, entry: ParsedEntry, item: PlanItem, result: ParseResult) -> None:
        by_person = self._lists_the_person(entry, item)
        if by_person is None:
            return
        key = title_key(entry.title)
        match, reason = self._match(entry, item, key)
        if self._refused(entry, item, match, reason):
            return
        if match is None:
            cluster = self._new_cluster(entry, item, result)
        else:
            cluster = match
            self._merge(cluster, entry, item, reason)
        cluster.items.append(item)
        cluster.by_person |= by_person
        self.item_cluster[id(item)] = cluster
        # Every entry of this import is a reading of today: of two, the higher count.
        best = cluster.citations[0] if cluster.citations else None
        if winning_citations(CitationReading(best, self.today),
                             CitationReading(entry.citation_count, self.today)):
            cluster.citations = (entry.citation_count, item)
        self._register(cluster, entry.doi, entry.arxiv_id, entry.scholar_id, key)
        # Its own (possibly improved) identity is also known from now on.
        self._register(cluster, cluster.values["doi"], cluster.values["arxiv_id"],
                       cluster.values["scholar_id"], title_key(cluster.values["title"]))

    def _lists_the_person(self, entry: ParsedEntry, item: PlanItem) -> bool | None:
        """Whether the entry names the member whose export this is; None when it is
        skipped because it does not and must."""
        if self.person is None or not entry.authors:
            return False
        if any(self._names_person(author.name) for author in entry.authors):
            return True
        cut = " (the author list was cut short)" if entry.authors_truncated else ""
        message = f"{self.person.full_name} is not among the authors{cut}"
        if self.person_must_author:
            item.status = ERROR
            item.reasons.append(f"skipped: {message}")
            return None
        item.flags.append(message)
        return False

    def _match(self, entry: ParsedEntry, item: PlanItem, key: str) -> tuple[Cluster | None, str]:
        """The paper the entry is, and why: the same DOI, arXiv id, Scholar id or title."""
        doi, arxiv_id = identifier_key(entry.doi), identifier_key(entry.arxiv_id)
        if doi and doi in self.by_doi:
            return self.by_doi[doi], "same DOI"
        if arxiv_id and arxiv_id in self.by_arxiv:
            return self.by_arxiv[arxiv_id], "same arXiv id"
        if entry.scholar_id and entry.scholar_id in self.by_scholar:
            return self.by_scholar[entry.scholar_id], "same Google Scholar id"
        if key and key in self.by_title:
            candidate = self.by_title[key]
            conflict = identifiers_conflict(candidate.values, entry)
            if not conflict:
                return candidate, "same title"
            # Same title, provably different papers (e.g. two theses "Essays"): review.
            self.conflicts.append((item, candidate, f"same title but a different {conflict}"))
        return None, ""

    def _refused(self, entry: ParsedEntry, item: PlanItem, match: Cluster | None,
                 reason: str) -> bool:
        """A member's own import: another's paper is not theirs, and an entry without
        authors is theirs only if it matches one of their papers."""
        if self.only_own_papers and match is not None and not_authored_by(self.person, match):
            item.status = NOT_YOURS
            item.reasons.append(not_yours_reason(reason, match.label()))
            return True
        if self.person_must_author and not entry.authors and not (
            match is not None and (match.by_person or self.person.pk in match.author_person_ids)
        ):
            item.status = ERROR
            item.reasons.append(
                "skipped: the entry lists no authors, so it cannot be checked that you are "
                "one (a lab editor can import it)"
            )
            return True
        return False

    def _new_cluster(self, entry: ParsedEntry, item: PlanItem, result: ParseResult) -> Cluster:
        cluster = Cluster(values=values_of(entry))
        cluster.authors = list(entry.authors)
        cluster.author_names = [a.name for a in entry.authors]
        cluster.authors_changed = bool(entry.authors)
        cluster.first_surname = surname_key(entry.authors[0].name) if entry.authors else ""
        cluster.source = (result.filename, result.format, entry.key)
        cluster._absorb_links(entry, [])
        self.clusters.append(cluster)
        item.status = NEW
        item.changes = ["created"]
        self.new_clusters.append(cluster)
        return cluster

    def _merge(self, cluster: Cluster, entry: ParsedEntry, item: PlanItem, reason: str) -> None:
        # An arXiv record and a venue record of one paper: a merge of two versions.
        different_version = cluster.is_new or (entry.kind == PublicationKind.PREPRINT) != (
            cluster.values["kind"] == PublicationKind.PREPRINT
        )
        changes = cluster.absorb(entry)
        item.changes = sorted(set(changes))
        self.matches.append((item, reason, cluster))  # worded once slugs are known
        if not changes:
            item.status = DUPLICATE
        elif different_version:
            item.status = MERGE
        else:
            item.status = UPDATE

    def _settle_citations(self) -> None:
        """This import's reading of a paper's citations (the highest of its entries, read
        today) against the stored one, by ``merge_policy.winning_citations``."""
        for cluster in self.clusters:
            if cluster.citations is None or "citation_count" in cluster.protected:
                continue
            count, item = cluster.citations
            stored = CitationReading(cluster.values["citation_count"],
                                     cluster.values["citations_read_on"])
            if count == stored.count or not winning_citations(
                stored, CitationReading(count, self.today)
            ):
                continue
            cluster.values["citation_count"] = count
            cluster.values["citations_read_on"] = self.today
            if cluster.is_new:
                continue
            cluster.changed.update({"citation_count", "citations_read_on"})
            item.changes = sorted({*item.changes, "citation_count"})
            if item.status == DUPLICATE:
                item.status = UPDATE

    def finish(self) -> None:
        self._settle_citations()
        for cluster in self.new_clusters:
            cluster.slug = self.slugs.new(surname=cluster.first_surname,
                                          year=cluster.values["year"],
                                          title=cluster.values["title"])
        for item, reason, cluster in self.matches:
            item.reasons.insert(0, f"{reason} as {cluster.label()}")
        self._list_conflicts()
        validate_clusters(self.lab, self.clusters)
        self._find_near_duplicates()
        for cluster in self.clusters:
            for item in cluster.items:
                item.target = cluster.label()
                item.target_slug = cluster.slug or cluster.existing_slug

    def _list_conflicts(self) -> None:
        """Same title, different identifiers: listed for review, within the budget."""
        for item, candidate, reason in self.conflicts:
            cluster = self._cluster_of(item)
            if cluster is None or cluster is candidate:
                continue
            if not self.pair_budget.take(cluster):
                item.flags.append(f"{reason} as {candidate.label()}; not listed for review: "
                                  f"{self.pair_budget.why_left_out(cluster)}")
            else:
                cluster.possible.append((candidate, f"{reason} as {candidate.label()}"))
                if cluster.is_new and cluster.items and cluster.items[0] is item:
                    item.status = POSSIBLE_DUPLICATE
                    item.reasons.append(f"possible duplicate: {reason} as {candidate.label()}")

    def _cluster_of(self, item: PlanItem) -> Cluster | None:
        return self.item_cluster.get(id(item))

    def touched_clusters(self) -> list[Cluster]:
        return [cluster for cluster in self.clusters if cluster.items]

    def _find_near_duplicates(self) -> None:
        """New papers whose title is nearly that of another with the same first author
        (``near_duplicates``: near-linear, a bounded number of pairs)."""
        new = {id(cluster): order for order, cluster in enumerate(self.new_clusters)}
        titles = [
            Title.of(cluster, title=cluster.values["title"],
                     first_author=cluster.author_names[0], order=new.get(id(cluster)))
            for cluster in self.clusters
            if not cluster.invalid and cluster.first_surname
        ]
        for cluster, others, left_out in find_near_duplicates(titles, budget=self.pair_budget):
            if not cluster.items:
                continue
            first = cluster.items[0]
            for found in others:
                other = found.paper
                reason = (f"{found.how_found(cluster.values['title'])} {other.label()}, "
                          f"same first author ({cluster.author_names[0]})")
                cluster.possible.append((other, reason))
                first.reasons.append(f"possible duplicate: {reason}")
            if others:
                first.status = POSSIBLE_DUPLICATE
            if left_out:
                first.flags.append(
                    f"also nearly the same title as {left_out} more by the same first "
                    f"author, not listed: {self.pair_budget.why_left_out(cluster)}"
                )
