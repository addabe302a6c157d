"""Publication sections of a member's homepage and of the lab home page.

Registered in :mod:`publications.apps`; both show the "selected" papers and fall back
to the most recent ones when none is selected. ``config`` is the section's row (its
display options, read by ``PublicationDisplay.from_section``), or None for the defaults.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Count, Window
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


def _display_context(entries, config) -> dict:
    display = PublicationDisplay.from_section(config)
    return {
        "html": entries_html(entries, display),
        "display": display,
        "list_class": "pubs pub-boxes" if display.is_boxes else "pubs",
        "has_equal_contribution": any(entry.has_equal_contribution for entry in entries),
        "has_corresponding": any(entry.has_corresponding for entry in entries),
    }


def homepage_context(request, person, config=None) -> dict | None:
    """A member's selected papers (else their latest), and a link to all of them."""
    lab = request.lab
    publications = Publication.objects.for_lab(lab).by_person(person)
    entries, is_selection, total = _entries(
        lab, publications, selected_max=None, recent=HOMEPAGE_RECENT
    )
    if not entries:
        return None
    # Lab paths also work on a member's own domain: it sends them on to the lab's host.
    all_url = f"{reverse('publications:list')}?{urlencode({'person': person.slug})}"
    return {
        "heading": "Selected publications" if is_selection else "Recent publications",
        "all_url": all_url,
        "total": total,
        **_display_context(entries, config),
    }


def home_context(request, config=None) -> dict | None:
    """The lab's selected papers (else its latest) for the lab home page."""
    lab = request.lab
    if lab is None:
        return None
    publications = Publication.objects.for_lab(lab)
    entries, is_selection, _total = _entries(
        lab, publications, selected_max=HOME_SELECTED_MAX, recent=HOME_RECENT
    )
    if not entries:
        return None
    return {
        "heading": "Selected publications" if is_selection else "Recent publications",
        "all_url": reverse("publications:list"),
        **_display_context(entries, config),
    }
