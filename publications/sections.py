"""Publication sections of a member's homepage and of the lab home page.

Registered in :mod:`publications.apps`. A section row (labsite/sections.py) chooses the
papers: its ``publication_filter`` ("selected": the selected papers, falling back to the most
recent ones when none is selected; "all") and ``filter_tag``/``filter_kind``/``filter_year``.
The row goes into the context as ``config``; its display options are read by
``PublicationDisplay.from_section``.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Window
from django.urls import reverse

from publications.display import PublicationDisplay
from publications.models import Publication
from publications.queries import load_entries
from publications.rendering import entries_html

HOMEPAGE_RECENT = 5
# A homepage shows all of its member's selected papers, up to this many.
SELECTED_MAX = 100
HOME_SELECTED_MAX = 10
HOME_RECENT = 5
# An "all papers" section lists at most this many; the link leads to the rest.
ALL_MAX = 500


def filter_for_row(publications, row):
    """The row's tag, kind and year filters (each optional; missing options are none)."""
    tag = getattr(row, "filter_tag", "")
    kind = getattr(row, "filter_kind", "")
    year = getattr(row, "filter_year", None)
    if tag:
        tagged = Publication.tags.through.objects.filter(publication=OuterRef("pk"), tag__slug=tag)
        publications = publications.filter(Exists(tagged))
    if kind:
        publications = publications.filter(kind=kind)
    if year:
        publications = publications.filter(year=year)
    return publications


def _all_entries(lab, publications, *, limit: int):
    """(entries, total) of every paper, in list order, up to ``limit``."""
    rows = list(
        publications.annotate(total=Window(Count("pk")))
        .in_list_order()
        .values_list("id", "total")[:limit]
    )
    if not rows:
        return [], 0
    ids = [pk for pk, _total in rows]
    entries = load_entries(lab, Publication.objects.for_lab(lab).filter(pk__in=ids).in_list_order())
    return entries, rows[0][1]


def _row_entries(lab, publications, row, *, selected_max, recent):
    """(entries, heading, total) for a section row."""
    publications = filter_for_row(publications, row)
    if getattr(row, "publication_filter", "selected") == "all":
        entries, total = _all_entries(lab, publications, limit=ALL_MAX)
        return entries, "Publications", total
    entries, is_selection, total = _entries(
        lab, publications, selected_max=selected_max, recent=recent
    )
    return entries, "Selected publications" if is_selection else "Recent publications", total


def _entries(lab, publications, *, selected_max: int | None, recent: int):
    """(entries, is a selection, total): the selected papers, else the latest ``recent``.

    One query picks the papers (selected ones first, then the latest) and counts them all
    with a window function; three more load the entries.
    """
    limit = max(selected_max or SELECTED_MAX, recent)
    rows = list(
        publications.annotate(total=Window(Count("pk")))
        .order_by("-selected", *Publication._meta.ordering, "pk")
        .values_list("id", "selected", "total")[:limit]
    )
    if not rows:
        return [], False, 0
    ids = [pk for pk, selected, _total in rows if selected]
    is_selection = bool(ids)
    if not is_selection:
        ids = [pk for pk, _selected, _total in rows[:recent]]
    entries = load_entries(lab, Publication.objects.for_lab(lab).filter(pk__in=ids).in_list_order())
    return entries, is_selection, rows[0][2]


def _display_context(entries, config, *, owner_id: int | None = None) -> dict:
    display = PublicationDisplay.from_section(config, owner_id=owner_id)
    return {
        "html": entries_html(entries, display),
        "display": display,
        "config": config,
        "list_class": "pubs pub-boxes" if display.is_boxes else "pubs",
        "has_equal_contribution": any(entry.has_equal_contribution for entry in entries),
        "has_corresponding": any(entry.has_corresponding for entry in entries),
    }


def homepage_context(request, person, row) -> dict | None:
    """A member's papers as the row chooses them, and a link to all of them."""
    lab = request.lab
    publications = Publication.objects.for_lab(lab).by_person(person)
    entries, heading, total = _row_entries(
        lab, publications, row, selected_max=None, recent=HOMEPAGE_RECENT
    )
    if not entries:
        return None
    # Lab paths also work on a member's own domain: it sends them on to the lab's host.
    all_url = f"{reverse('publications:list')}?{urlencode({'person': person.slug})}"
    return {
        "heading": heading,
        "all_url": all_url,
        "total": total,
        **_display_context(entries, row, owner_id=person.pk),
    }


def home_context(request, lab, row) -> dict | None:
    """The lab's papers as the row chooses them for the lab home page."""
    publications = Publication.objects.for_lab(lab)
    entries, heading, _total = _row_entries(
        lab, publications, row, selected_max=HOME_SELECTED_MAX, recent=HOME_RECENT
    )
    if not entries:
        return None
    return {
        "heading": heading,
        "all_url": reverse("publications:list"),
        **_display_context(entries, row),
    }
