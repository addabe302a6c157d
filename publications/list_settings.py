"""The lab's publication list settings: read with defaults, made on first use in admin."""

from __future__ import annotations

from labsite.cache import PerLabMemo
from publications.display import PublicationDisplay
from publications.models import PublicationListSettings

# Kind group (publications.queries.KIND_SECTIONS key) → the settings field renaming it.
HEADING_FIELDS = {
    "preprints": "preprints_heading",
    "papers": "papers_heading",
    "workshops": "workshops_heading",
    "others": "others_heading",
}


def _read_list_settings(lab) -> PublicationListSettings:
    row = PublicationListSettings.objects.for_lab(lab).first()
    return row if row is not None else PublicationListSettings(lab=lab)


# The list and every paper page read it: kept per process and content version.
_list_settings = PerLabMemo(_read_list_settings)


def list_settings_for(lab) -> PublicationListSettings:
    """The lab's row, or an unsaved one with the defaults (a read never writes); shared by
    the process's requests until the lab changes: read it, never change it."""
    return _list_settings.get(lab)


def get_or_create_list_settings(*, lab) -> PublicationListSettings:
    row, _created = PublicationListSettings.objects.for_lab(lab).get_or_create(lab=lab)
    return row


def kind_headings(row: PublicationListSettings) -> dict[str, str]:
    """Headings the lab gave its kind groups (empty ones left out: the usual heading)."""
    headings = {key: getattr(row, name).strip() for key, name in HEADING_FIELDS.items()}
    return {key: heading for key, heading in headings.items() if heading}


def list_display(row: PublicationListSettings) -> PublicationDisplay:
    # Read like a section row's options: a value the code does not know is the default.
    options = PublicationDisplay.from_section(row)
    return PublicationDisplay.default().but(
        bold_members=row.bold_members,
        author_format=options.author_format,
        title_link=options.title_link,
        show_citations=options.show_citations,
        show_metric_links=options.show_metric_links,
    )
