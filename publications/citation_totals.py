"""Sums of citation counts for the about sections' badge (labsite/citation_totals.py)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Count, Max, Min, Sum
from django.urls import NoReverseMatch, reverse

from labsite.citation_totals import CitationTotal
from publications.models import Publication


def citation_total(lab, person=None) -> CitationTotal | None:
    """One aggregate over the lab's papers (a member's: those they author): the sum of their
    counts, how many have one, and the oldest and newest reading. None without any count."""
    papers = Publication.objects.for_lab(lab)
    if person is not None:
        papers = papers.by_person(person)
    row = papers.aggregate(
        count=Sum("citation_count"),
        papers=Count("citation_count"),
        oldest=Min("citations_read_on"),
        newest=Max("citations_read_on"),
    )
    if not row["papers"]:
        return None
    return CitationTotal(
        count=row["count"], papers=row["papers"], oldest=row["oldest"], newest=row["newest"],
        url=_papers_url(person),
    )  # fmt: skip


def _papers_url(person) -> str:
    try:
        url = reverse("publications:list")
    except NoReverseMatch:  # a host without the lab's list
        return ""
    return f"{url}?{urlencode({'person': person.slug})}" if person is not None else url
