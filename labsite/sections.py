"""Pages composed of sections: the lab home page (``LabSection``) and members' homepages
(``PersonSection`` of the people app) are ordered rows that the lab's people choose,
rename, hide and order in admin.

A row says *which* section goes where and how it reads (``kind``, ``heading``, ``anchor``,
display options); the content comes from a *source* that the app owning it registers for
the kind (``labsite/home.py`` for the lab home, ``people/homepage.py`` for homepages).
:func:`compose` is the one function both pages use to turn rows into rendered sections.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.text import slugify

from labsite.citation_totals import citation_total
from labsite.markdown import render_markdown
from labsite.models import TenantModel

HEADING_MAX = 200
ANCHOR_MAX = 60
BODY_MAX_CHARS = 50_000
# A page never has more rows than this (admin refuses more; loops stay short).
SECTIONS_PER_PAGE_MAX = 50
# Rows are numbered 10, 20, … so that one can be put between two others.
ORDER_STEP = 10
# A new lab's home page, in the order the home page has always shown them.
DEFAULT_LAB_KINDS = ("about", "news", "publications", "team", "awards")


class SectionKind(models.TextChoices):
    """Built-in kinds; the label is the heading a section has until it is renamed."""

    ABOUT = "about", "About"
    INTERESTS = "interests", "Research interests"
    NEWS = "news", "News"
    PUBLICATIONS = "publications", "Publications"
    AWARDS = "awards", "Honors and awards"
    EDUCATION = "education", "Education"
    POSITIONS = "positions", "Experience"
    TALKS = "talks", "Talks"
    TEACHING = "teaching", "Teaching"
    SERVICE = "service", "Service"
    TEAM = "team", "Team"
    LINKS = "links", "Contact"
    CUSTOM = "custom", "Custom section"


# Kinds whose default heading is for screen readers only (today's pages show none).
QUIET_HEADING_KINDS = frozenset({SectionKind.ABOUT})


class PublicationFilter(models.TextChoices):
    SELECTED = "selected", "Selected papers (else the latest)"
    ALL = "all", "All papers"


class DisplayStyle(models.TextChoices):
    LIST = "list", "Compact list"
    BOXES = "boxes", "Paper boxes (thumbnail, venue badge)"


class TitleLink(models.TextChoices):
    PAGE = "page", "The paper's page"
    PDF = "pdf", "Its PDF"
    LINK = "link", "Its first external link"


class AuthorFormat(models.TextChoices):
    FIRST_LAST = "first_last", "First Last"
    LAST_FIRST = "last_first", "Last, First"


class BoldAuthors(models.TextChoices):
    """Whose names are bold among a paper's authors (members are linked either way)."""

    OWNER = "owner", "The page's owner (on the lab home: every member)"
    MEMBERS = "members", "Every lab member"
    NONE = "none", "Nobody"


class VenueDisplay(models.TextChoices):
    BADGE = "badge", "Badge only"
    LINE = "line", "Full line only"
    BOTH = "both", "Badge and full line"


class EntryOrder(models.TextChoices):
    """How a CV section orders its entries."""

    NEWEST = "newest", "Newest first (same date or undated: by order number)"
    MANUAL = "manual", "By order number only (as pasted or numbered)"


_PUBLICATIONS_ONLY = " Publications sections only."


class Section(TenantModel):
    """One section of a composed page; concrete models add the page it belongs to."""

    kind = models.CharField(
        max_length=20,
        choices=SectionKind.choices,
        help_text="What the section shows. Custom sections show their own text (body).",
    )
    heading = models.CharField(
        max_length=HEADING_MAX,
        blank=True,
        help_text='Shown as the section\'s title; emoji welcome ("🔥 News"). Empty: the '
        "kind's usual heading.",
    )
    anchor = models.SlugField(
        max_length=ANCHOR_MAX,
        blank=True,
        help_text="The section's address on the page (#anchor). Empty: made from the kind. "
        "Renaming the heading keeps it, so links to the section keep working.",
    )
    visible = models.BooleanField(default=True, help_text="Untick to hide without deleting.")
    order = models.PositiveIntegerField(default=0, help_text="Lower numbers come first.")
    body = models.TextField(
        blank=True,
        max_length=BODY_MAX_CHARS,
        validators=[MaxLengthValidator(BODY_MAX_CHARS)],
        help_text="Markdown. The text of a custom section (other kinds ignore it).",
    )
    body_html = models.TextField(blank=True, editable=False)

    # Display options, read by the sources with getattr(row, name, default).
    publication_filter = models.CharField(
        max_length=10,
        choices=PublicationFilter.choices,
        default=PublicationFilter.SELECTED,
        help_text="Which papers to list." + _PUBLICATIONS_ONLY,
    )
    filter_tag = models.SlugField(
        max_length=80,
        blank=True,
        help_text="Only papers with this tag (its slug)." + _PUBLICATIONS_ONLY,
    )
    filter_kind = models.CharField(
        max_length=20,
        blank=True,
        help_text='Only papers of this kind, e.g. "preprint" or "journal".' + _PUBLICATIONS_ONLY,
    )
    filter_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Only papers of this year." + _PUBLICATIONS_ONLY
    )
    display_style = models.CharField(
        max_length=10, choices=DisplayStyle.choices, default=DisplayStyle.LIST,
        help_text="How papers look." + _PUBLICATIONS_ONLY,
    )  # fmt: skip
    title_link = models.CharField(
        max_length=10, choices=TitleLink.choices, default=TitleLink.PAGE,
        help_text="Where a paper's title leads." + _PUBLICATIONS_ONLY,
    )  # fmt: skip
    author_format = models.CharField(
        max_length=12, choices=AuthorFormat.choices, default=AuthorFormat.FIRST_LAST,
        help_text="How author names read." + _PUBLICATIONS_ONLY,
    )  # fmt: skip
    venue_display = models.CharField(
        max_length=10, choices=VenueDisplay.choices, default=VenueDisplay.BOTH,
        help_text="How the venue is shown." + _PUBLICATIONS_ONLY,
    )  # fmt: skip
    bold_authors = models.CharField(
        max_length=10, choices=BoldAuthors.choices, default=BoldAuthors.OWNER,
        help_text="Whose names are bold among the authors." + _PUBLICATIONS_ONLY,
    )  # fmt: skip
    show_highlights = models.BooleanField(
        default=True, help_text="Show highlights (Oral, Best Paper…)." + _PUBLICATIONS_ONLY
    )
    show_citations = models.BooleanField(
        default=False, help_text="Show citation counts." + _PUBLICATIONS_ONLY
    )
    show_metric_links = models.BooleanField(
        default=False,
        help_text="Links to a paper's Altmetric and Dimensions pages (papers with a DOI)."
        + _PUBLICATIONS_ONLY,
    )
    show_citation_total = models.BooleanField(
        default=False,
        help_text="A small badge with the total of the papers' citation counts (the member's "
        "on a homepage, the lab's on the home page). About sections only.",
    )
    entry_order = models.CharField(
        max_length=10, choices=EntryOrder.choices, default=EntryOrder.NEWEST,
        help_text="How entries are ordered. Education, experience, talks, teaching and "
        "service sections only.",
    )  # fmt: skip
    include_paper_highlights = models.BooleanField(
        null=True,
        blank=True,
        help_text="Also list paper highlights among the honours. Unknown: the lab's default. "
        "Awards sections only.",
    )

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    # The field naming the page a row belongs to ("lab" or "person"), set by subclasses.
    page_field = "lab"

    def __str__(self):
        return self.display_heading

    @property
    def display_heading(self) -> str:
        return self.heading or self.get_kind_display()

    def clean(self):
        super().clean()
        if self.kind == SectionKind.CUSTOM and not self.heading.strip():
            raise ValidationError({"heading": "A custom section needs a heading."})

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        if not self.anchor:
            self.anchor = free_anchor(default_anchor(self), self.sibling_anchors())
        super().save(*args, **kwargs)

    def siblings(self) -> models.QuerySet:
        """The other rows of the same page."""
        page = {self.page_field + "_id": getattr(self, self.page_field + "_id")}
        return type(self).objects.for_lab(self.lab_id).filter(**page).exclude(pk=self.pk)

    def sibling_anchors(self) -> set[str]:
        return set(self.siblings().values_list("anchor", flat=True))


def default_anchor(row) -> str:
    """The anchor a row gets when none is given: from the kind (a custom one: its heading)."""
    if row.kind == SectionKind.CUSTOM:
        return slugify(row.heading)[:ANCHOR_MAX - 4] or "section"
    return row.kind


def free_anchor(wanted: str, taken: set[str]) -> str:
    """``wanted``, or ``wanted-2``, ``-3``… when another section of the page has it."""
    anchor, number = wanted, 2
    while anchor in taken:
        anchor, number = f"{wanted}-{number}", number + 1
    return anchor


def assign_anchors(rows: Iterable) -> None:
    """Fills the empty anchors of rows saved together (an admin inline): given anchors are
    kept, derived ones avoid them and each other."""
    rows = list(rows)
    taken = {row.anchor for row in rows if row.anchor}
    for row in rows:
        if not row.anchor:
            row.anchor = free_anchor(default_anchor(row), taken)
            taken.add(row.anchor)


class LabSection(Section):
    """One section of the lab's home page."""

    class Meta(Section.Meta):
        verbose_name = "home page section"
        constraints = [
            models.UniqueConstraint(
                fields=["lab", "anchor"],
                name="labsection_anchor_unique_per_lab",
                violation_error_message="Another section of the home page has this anchor.",
            ),
        ]


# --- Composing a page --------------------------------------------------------------------------


@dataclass(frozen=True)
class SectionSource:
    kind: str
    template: str
    # (request, owner, row) -> context dict for the template, or None when there is no content.
    get_context: Callable


class SourceRegistry:
    """Sources of one kind of page, by section kind; filled in the apps' ``ready()``."""

    def __init__(self):
        self._sources: dict[str, SectionSource] = {}

    def register(self, kind: str, *, template: str, get_context: Callable) -> None:
        self._sources[kind] = SectionSource(kind, template, get_context)

    def get(self, kind: str) -> SectionSource | None:
        return self._sources.get(kind)


@dataclass(frozen=True)
class RenderedSection:
    kind: str
    anchor: str
    heading: str
    heading_hidden: bool
    template: str
    context: dict
    config: object  # the row, for the template's display options


def compose(request, owner, rows: Iterable, registry: SourceRegistry) -> list[RenderedSection]:
    """The visible rows in order, each with its source's context; sections without content
    (or whose app is not installed) are left out.

    A blank heading takes the source's own (``context["heading"]``, e.g. "Selected
    publications") or the kind's.
    """
    rendered = []
    for row in sorted(rows, key=lambda row: (row.order, row.pk or 0))[:SECTIONS_PER_PAGE_MAX]:
        if not row.visible:
            continue
        source = registry.get(row.kind)
        if source is None:
            continue
        context = source.get_context(request, owner, row)
        if not context:
            continue
        heading = row.heading or context.get("heading") or row.get_kind_display()
        rendered.append(
            RenderedSection(
                kind=row.kind,
                anchor=row.anchor or default_anchor(row),
                heading=heading,
                heading_hidden=not row.heading and row.kind in QUIET_HEADING_KINDS,
                template=source.template,
                context=context,
                config=row,
            )
        )
    return rendered


def custom_context(request, owner, row) -> dict | None:
    """A custom section: its own markdown."""
    return {"html": row.body_html, "config": row} if row.body_html else None


def lab_about_context(request, lab, row) -> dict | None:
    """The lab's about text, and the lab's citation total when the row shows it."""
    citations = citation_total(lab) if getattr(row, "show_citation_total", False) else None
    if not lab.about_html and citations is None:
        return None
    return {"html": lab.about_html, "citations": citations, "config": row}
