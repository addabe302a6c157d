"""Review after an import: merging two records of one paper, keeping a pair apart, and
linking the authors the linking rule left ambiguous."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from publications.choices import PublicationKind
from publications.imports.keys import capitalisation, title_key
from publications.imports.merge_policy import (
    AuthorList,
    AuthorRow,
    CitationReading,
    carry_over,
    winning_authors,
    winning_citations,
    winning_values,
)
from publications.imports.types import FILLABLE_FIELDS, VALUE_FIELDS
from publications.linking import (
    AmbiguousAuthor,
    MemberMatcher,
    lab_members,
    papers_with_unlinked_authors,
)
from publications.models import Authorship, PossibleDuplicate, Publication, PublicationLink


def better_record(a: Publication, b: Publication) -> Publication:
    """The one of two records of the same paper to keep: the venue version, the full
    author list, the better-capitalised title, the more complete record."""

    def score(publication: Publication):
        filled = sum(1 for name in FILLABLE_FIELDS if getattr(publication, name) not in ("", None))
        return (
            publication.kind != PublicationKind.PREPRINT,
            not publication.authors_truncated,
            filled,
            capitalisation(publication.title),
            -publication.pk,
        )

    return a if score(a) >= score(b) else b


def merge_publications(*, keep: Publication, remove: Publication) -> Publication:
    """Merge ``remove`` into ``keep`` and delete it: fields, authors, links, tags, and every
    row of other apps that points at the paper (awards, news) move to ``keep``. Which
    values and which author list win is ``merge_policy``'s, as for an import."""
    if keep.pk == remove.pk:
        raise ValueError("a paper cannot be merged with itself")
    if keep.lab_id != remove.lab_id:
        raise ValueError("papers of different labs cannot be merged")
    with transaction.atomic():
        papers = Publication.objects.for_lab(keep.lab_id).select_for_update()
        keep = papers.get(pk=keep.pk)
        remove = papers.get(pk=remove.pk)
        protected = set(keep.edited_fields or [])
        _merge_values(keep, remove, protected)
        _merge_authors(keep, remove, protected)
        _move_links(keep, remove)
        keep.tags.add(*remove.tags.all())
        _move_other_relations(keep, remove)
        keep.full_clean(exclude=["slug"], validate_unique=False)
        keep.save()
        remove.delete()
    return keep


def _merge_values(keep: Publication, remove: Publication, protected: set[str]) -> None:
    def values(publication: Publication) -> dict[str, Any]:
        return {name: getattr(publication, name) for name in VALUE_FIELDS}

    for name, value in winning_values(values(keep), values(remove), protected=protected).items():
        setattr(keep, name, value)
    if "citation_count" not in protected and winning_citations(
        CitationReading(keep.citation_count, keep.citations_read_on),
        CitationReading(remove.citation_count, remove.citations_read_on),
    ):
        keep.citation_count, keep.citations_read_on = (remove.citation_count,
                                                       remove.citations_read_on)
    keep.selected = keep.selected or remove.selected
    if not keep.thumbnail and remove.thumbnail:
        keep.thumbnail = remove.thumbnail
    # Both titles still find the paper when their exports are imported again.
    aliases = list(keep.alias_title_keys or [])
    for alias in [remove.title_key, keep.title_key, *(remove.alias_title_keys or [])]:
        if alias and alias != title_key(keep.title) and alias not in aliases:
            aliases.append(alias)
    keep.alias_title_keys = aliases


def _merge_authors(keep: Publication, remove: Publication, protected: set[str]) -> None:
    kept, removed = list(keep.authorships.all()), list(remove.authorships.all())
    take_other = winning_authors(AuthorList(len(kept), keep.authors_truncated),
                                 AuthorList(len(removed), remove.authors_truncated),
                                 protected=protected)
    winner, loser = (removed, kept) if take_other else (kept, removed)
    merged = carry_over([_row(a) for a in winner], [_row(a) for a in loser])
    changed = []
    for authorship, row in zip(winner, merged, strict=True):
        if row != _row(authorship):
            authorship.name = row.name  # the accented spelling of either list
            authorship.person_id = row.person_id
            authorship.equal_contribution = row.equal_contribution
            authorship.corresponding = row.corresponding
            changed.append(authorship)
    if take_other:
        keep.authorships.all().delete()
        remove.authorships.update(publication=keep)
        keep.authors_truncated = remove.authors_truncated
    Authorship.objects.bulk_update(changed, ["name", "person", "equal_contribution",
                                             "corresponding"])


def _row(authorship: Authorship) -> AuthorRow:
    return AuthorRow(authorship.name, authorship.person_id, authorship.equal_contribution,
                     authorship.corresponding)


def _move_links(keep: Publication, remove: Publication) -> None:
    present = set(keep.links.values_list("kind", "url"))
    order = keep.links.count()
    for link in remove.links.all():
        if (link.kind, link.url) not in present:
            present.add((link.kind, link.url))
            link.publication, link.order = keep, order
            order += 1
            link.save(update_fields=["publication", "order"])


def _move_other_relations(keep: Publication, remove: Publication) -> None:
    """Rows of other apps that point at a paper (awards, news items...) follow the merge."""
    own = {Authorship, PublicationLink, PossibleDuplicate}
    for relation in Publication._meta.related_objects:
        if relation.related_model in own:
            continue
        if relation.many_to_many:
            accessor = relation.get_accessor_name()
            getattr(keep, accessor).add(*getattr(remove, accessor).all())
        elif relation.one_to_many or relation.one_to_one:
            manager = relation.related_model._base_manager
            manager.filter(**{relation.field.name: remove}).update(**{relation.field.name: keep})


def merge_possible_duplicate(*, duplicate: PossibleDuplicate, keep: Publication | None = None
                             ) -> Publication:
    """One-click merge of a reviewed pair; ``keep`` defaults to ``better_record``."""
    first, second = duplicate.publication, duplicate.other
    keep = keep or better_record(first, second)
    if keep.pk not in (first.pk, second.pk):
        raise ValueError("keep one of the two papers of the pair")
    remove = second if keep.pk == first.pk else first
    return merge_publications(keep=keep, remove=remove)


def dismiss_possible_duplicate(*, duplicate: PossibleDuplicate) -> None:
    """Not the same paper: keep both, and do not ask again."""
    duplicate.resolved = True
    duplicate.save(update_fields=["resolved"])


def ambiguous_authors(*, lab) -> list[AmbiguousAuthor]:
    """The lab's unlinked authors that are ambiguous by the linking rule (three queries):
    the same verdict an import or ``link_authors_to_members`` reaches for the row."""
    members = lab_members(lab)
    if len(members) < 2:
        return []
    matcher = MemberMatcher(members)
    found = []
    for rows in papers_with_unlinked_authors(
        Authorship.objects.for_lab(lab).select_related("publication")
    ):
        for index, candidates in matcher.ambiguous_on_paper(
            [row.name for row in rows], [row.person_id for row in rows]
        ):
            found.append(AmbiguousAuthor(rows[index], candidates))
    return found


def link_authorship(*, authorship: Authorship, person) -> Authorship:
    """Link one author to a member by hand (both of the same lab, once per paper)."""
    if person.lab_id != authorship.lab_id:
        raise ValidationError("Choose a member of the same lab.")
    if (
        Authorship.objects.for_lab(authorship.lab_id)
        .filter(publication_id=authorship.publication_id, person=person)
        .exclude(pk=authorship.pk)
        .exists()
    ):
        raise ValidationError(f"{person} is already an author of this paper.")
    authorship.person = person
    authorship.full_clean()
    authorship.save(update_fields=["person"])
    return authorship
