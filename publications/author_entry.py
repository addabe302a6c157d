"""An author list typed by hand in admin: parsed, linked to members, written in order.

The paste goes through the one parser of pasted lists (``importers.authors``) and the one
linking rule (``publications.linking``); a name already on the paper keeps the member it
is linked to, so re-pasting a list to add marks loses no hand-made link.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from labsite.cache import bump_content_version
from publications.importers.authors import parse_pasted_authors
from publications.linking import MemberMatcher, lab_members
from publications.models import Authorship, Publication

# Bounds of one paste: the longest real author lists have a few hundred names.
MAX_PASTED_CHARS = 20_000
MAX_PASTED_AUTHORS = 500


@dataclass(frozen=True)
class PastedAuthor:
    name: str
    equal_contribution: bool
    corresponding: bool
    person_id: int | None


class PastedListError(ValueError):
    pass


def plan_pasted_authors(*, lab, publication: Publication | None, text: str
                        ) -> tuple[list[PastedAuthor], bool]:
    """(authors in order, whether the list was cut) of a pasted list, members linked."""
    if len(text) > MAX_PASTED_CHARS:
        raise PastedListError(
            f"The list has {len(text):,} characters; paste at most {MAX_PASTED_CHARS:,}."
        )
    parsed, truncated = parse_pasted_authors(text)
    if not parsed:
        raise PastedListError("No author name found: separate names with commas, "
                              "semicolons (Last, First; …) or new lines.")
    if len(parsed) > MAX_PASTED_AUTHORS:
        raise PastedListError(
            f"The list has {len(parsed):,} names; paste at most {MAX_PASTED_AUTHORS}."
        )
    linked: dict[str, int] = {}
    if publication is not None and publication.pk:
        rows = Authorship.objects.for_lab(lab).filter(publication=publication, person__isnull=False)
        linked = dict(rows.values_list("name", "person_id"))
    names = [author.name for author in parsed]
    person_ids = [linked.get(name) for name in names]
    MemberMatcher(lab_members(lab)).link_paper(names, person_ids)
    authors = [
        PastedAuthor(author.name, author.equal_contribution, author.corresponding, person_id)
        for author, person_id in zip(parsed, person_ids, strict=True)
    ]
    return authors, truncated


def replace_authors(*, publication: Publication, authors: list[PastedAuthor],
                    truncated: bool) -> None:
    """Make ``authors`` the paper's author list, positions 1, 2, 3, …"""
    lab_id = publication.lab_id
    with transaction.atomic():
        Authorship.objects.for_lab(lab_id).filter(publication=publication).delete()
        Authorship.objects.bulk_create(
            Authorship(
                lab_id=lab_id, publication=publication, position=position, name=author.name,
                person_id=author.person_id, equal_contribution=author.equal_contribution,
                corresponding=author.corresponding,
            )
            for position, author in enumerate(authors, start=1)
        )
        if publication.authors_truncated != truncated:
            publication.authors_truncated = truncated
            Publication.objects.for_lab(lab_id).filter(pk=publication.pk).update(
                authors_truncated=truncated
            )
    # bulk_create sends no signals: make the lab's cached pages stale by hand.
    bump_content_version(lab_id)
