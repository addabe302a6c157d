"""How a list of papers is shown: one value object for the lab list and every section.

A homepage or lab-home publications section row carries display options as columns
(``display_style``, ``title_link``…, see the section models); the lab list takes its own
from ``PublicationListSettings``. Both end up as a :class:`PublicationDisplay` that the
renderer (``publications.rendering``) reads, so no template decides a display rule.
Rows are read with ``getattr(row, name, default)``: a section without these columns, or
none at all, shows papers as they always looked (:meth:`PublicationDisplay.default`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.db import models

# The choices are the section columns' own: one vocabulary for rows and renderer.
from labsite.sections import AuthorFormat, BoldAuthors, DisplayStyle, TitleLink, VenueDisplay

__all__ = [
    "AuthorFormat", "BoldAuthors", "DisplayStyle", "PublicationDisplay", "TitleLink",
    "VenueDisplay",
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class PublicationDisplay:
    style: str = DisplayStyle.LIST
    title_link: str = TitleLink.PAGE
    author_format: str = AuthorFormat.FIRST_LAST
    venue_display: str = VenueDisplay.BOTH
    show_highlights: bool = True
    show_citations: bool = False
    show_metric_links: bool = False  # Altmetric and Dimensions, by DOI
    # Members' names in bold (the lab list's setting, or a section's "bold_authors")…
    bold_members: bool = True
    # … and, when set, only this member's: a homepage bolding its owner alone.
    bold_person_id: int | None = None

    @classmethod
    def default(cls) -> PublicationDisplay:
        """Today's look: a compact list, badge and venue line, highlights, no citations."""
        return cls()

    @classmethod
    def from_section(cls, row, *, owner_id: int | None = None) -> PublicationDisplay:
        """The options of a section row (any object, or None); unknown values fall back.

        ``owner_id`` is the member whose page it is (None on the lab home, where "the
        page's owner" means every member)."""
        default = cls.default()
        if row is None:
            return default
        bold = _choice(row, "bold_authors", BoldAuthors, BoldAuthors.OWNER)
        return cls(
            style=_choice(row, "display_style", DisplayStyle, default.style),
            title_link=_choice(row, "title_link", TitleLink, default.title_link),
            author_format=_choice(row, "author_format", AuthorFormat, default.author_format),
            venue_display=_choice(row, "venue_display", VenueDisplay, default.venue_display),
            show_highlights=_flag(row, "show_highlights", default.show_highlights),
            show_citations=_flag(row, "show_citations", default.show_citations),
            show_metric_links=_flag(row, "show_metric_links", default.show_metric_links),
            bold_members=bold != BoldAuthors.NONE,
            bold_person_id=owner_id if bold == BoldAuthors.OWNER else None,
        )

    def but(self, **changes) -> PublicationDisplay:
        return replace(self, **changes)

    def bolds(self, person_id: int | None) -> bool:
        """Whether a member author's name is bold."""
        if not self.bold_members:
            return False
        return self.bold_person_id is None or person_id == self.bold_person_id

    @property
    def is_boxes(self) -> bool:
        return self.style == DisplayStyle.BOXES

    @property
    def shows_badge(self) -> bool:
        return self.venue_display in (VenueDisplay.BADGE, VenueDisplay.BOTH)

    @property
    def shows_venue_line(self) -> bool:
        return self.venue_display in (VenueDisplay.LINE, VenueDisplay.BOTH)


def _choice(row, name: str, choices: type[models.TextChoices], default: str) -> str:
    value = getattr(row, name, default)
    return value if value in choices.values else default


def _flag(row, name: str, default: bool) -> bool:
    value = getattr(row, name, default)
    return default if value is None else bool(value)
