"""Whose papers an import or a review merge may change.

A member may create papers and change the papers they author (an ``Authorship`` linked
to their ``Person``), nothing else: an import of their own export that matches a
labmate's paper (same DOI, arXiv id or title, or a list cut by "and others" that would
be replaced) is listed as "matches a paper you do not author" and not applied, and a
possible duplicate is theirs to merge only when they author both papers. Lab editors
and admins change any paper of their labs; so does ``import_publications --person``
with ``--allow-others-papers``.
"""

from __future__ import annotations

from collections.abc import Iterable

from publications.models import Authorship

NOT_YOURS_MESSAGE = "matches a paper you do not author"


def not_authored_by(person, cluster) -> bool:
    """Whether an import's match (``clusters.Cluster``) is an existing paper ``person``
    is not linked to. A paper this import creates is the importer's own."""
    return cluster.existing_pk is not None and person.pk not in cluster.author_person_ids


def not_yours_reason(match_reason: str, label: str) -> str:
    return (f"{NOT_YOURS_MESSAGE} ({match_reason} as {label}): not applied; a lab editor "
            "or admin can import it")


def authored_publications(person_ids: Iterable[int], *, lab=None):
    """Publication ids of the papers the given members author (of ``lab``, when given:
    a member's logins may span labs), as a subquery."""
    rows = Authorship.objects.for_lab(lab) if lab is not None else Authorship.objects.all()
    return rows.filter(person_id__in=list(person_ids)).values("publication_id")


def authors_all(person_ids: Iterable[int], publication_ids: Iterable[int], *, lab) -> bool:
    """Whether every one of ``lab``'s papers has one of ``person_ids`` among its linked
    authors (one query)."""
    wanted = set(publication_ids)
    found = set(
        Authorship.objects.for_lab(lab)
        .filter(person_id__in=list(person_ids), publication_id__in=wanted)
        .values_list("publication_id", flat=True)
    )
    return bool(wanted) and found == wanted
