"""Publication sections of a member's homepage and of the lab home page.

Registered in :mod:`publications.apps`; both show the "selected" papers and fall back
to the most recent ones when none is selected.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from publications.models import Publication
from publications.queries import load_entries
from publications.rendering import entries_html

HOMEPAGE_RECENT = 5
HOME_SELECTED_MAX = 10
HOME_RECENT = 5


def _entries(lab, publications, *, selected_max: int | None, recent: int):
    selected = publications.selected().in_list_order()
    ids = list(selected.values_list("id", flat=True)[:selected_max])
    is_selection = bool(ids)
    if not ids:
        ids = list(publications.in_list_order().values_list("id", flat=True)[:recent])
    if not ids:
        return [], False
    entries = load_entries(lab, Publication.objects.filter(pk__in=ids).in_list_order())
    return entries, is_selection


def homepage_context(request, person) -> dict | None:
    """A member's selected papers (else their latest), and a link to all of them."""
    lab = request.lab
    publications = Publication.objects.for_lab(lab).by_person(person)
    entries, is_selection = _entries(lab, publications, selected_max=None, recent=HOMEPAGE_RECENT)
    if not entries:
        return None
    # Lab paths also work on a member's own domain: it sends them on to the lab's host.
    all_url = f"{reverse('publications:list')}?{urlencode({'person': person.slug})}"
    html = entries_html(entries)
    return {
        "heading": "Selected publications" if is_selection else "Recent publications",
        "html": html,
        "all_url": all_url,
        "total": publications.count(),
        "has_equal_contribution": any(entry.has_equal_contribution for entry in entries),
        "has_corresponding": any(entry.has_corresponding for entry in entries),
    }


def home_context(request) -> dict | None:
    """The lab's selected papers (else its latest) for the lab home page."""
    lab = request.lab
    if lab is None:
        return None
    publications = Publication.objects.for_lab(lab)
    entries, is_selection = _entries(
        lab, publications, selected_max=HOME_SELECTED_MAX, recent=HOME_RECENT
    )
    if not entries:
        return None
    return {
        "heading": "Selected publications" if is_selection else "Recent publications",
        "html": entries_html(entries),
        "all_url": reverse("publications:list"),
        "has_equal_contribution": any(entry.has_equal_contribution for entry in entries),
        "has_corresponding": any(entry.has_corresponding for entry in entries),
    }
