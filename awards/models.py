"""Honours of a member, or of a paper (best paper, oral, spotlight)."""

import calendar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from labsite.dates import Dated, dated_from_parts, format_date, validate_parts
from labsite.links import is_web_url
from labsite.markdown import (
    has_inline_marks,
    render_inline_markdown,
    render_markdown,
    strip_inline_marks,
)
from labsite.models import TenantModel, TenantQuerySet

# What an award in a list shows of its paper (awards/rendering.py). A homepage lists dozens
# of awards: the rest of each paper's row (abstract, JSON fields) cost a tenth of the page.
LISTED_PAPER_FIELDS = ("slug", "title", "venue_short")
# ... and of its member (the name, and the homepage it links to).
LISTED_PERSON_FIELDS = ("slug", "full_name", "homepage_enabled")


class AwardQuerySet(TenantQuerySet):
    def for_lists(self, *, with_person: bool = True):
        """With what lists show of the paper and (``with_person``) the member, one query."""
        related = {"publication": LISTED_PAPER_FIELDS}
        if with_person:
            related["person"] = LISTED_PERSON_FIELDS
        return self.with_related_fields(**related)

    def paper_awards(self):
        return self.filter(publication__isnull=False)

    def for_person(self, person, *, with_papers: bool = True):
        """The member's own awards and, unless told otherwise, those of papers they author."""
        condition = models.Q(person=person)
        if with_papers:
            from publications.models import authored_by

            condition |= models.Q(publication_id__in=authored_by(person))
        return self.filter(condition)


class Award(TenantModel):
    class Kind(models.TextChoices):
        PAPER = "paper", "Paper award"
        FELLOWSHIP = "fellowship", "Fellowship"
        SCHOLARSHIP = "scholarship", "Scholarship"
        HONOUR = "honour", "Honour"
        COMPETITION = "competition", "Competition"
        GRANT = "grant", "Grant"
        OTHER = "other", "Other"

    title = models.CharField(
        max_length=300,
        help_text='e.g. "Best Paper Award" or "Spotlight". Words between == and == are '
        'highlighted ("==National Scholarship== (Top 1%)"); **bold** and *italics* work too.',
    )
    title_html = models.TextField(blank=True, editable=False)
    badge = models.CharField(
        max_length=100,
        blank=True,
        help_text='Short label on the paper\'s badge, e.g. "Oral"; defaults to the title.',
    )
    granting_body = models.CharField(max_length=200, blank=True, help_text='e.g. "OSDI 2021".')
    # The date as far as it is known: year, year and month, all three, or none (undated).
    year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2200)],
        help_text="Empty for an undated award.",
    )
    month = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text="Optional, 1–12.",
    )
    day = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text="Optional; the date is shown as far as it is given.",
    )
    order = models.PositiveIntegerField(
        default=0,
        help_text="Among awards of the same date (or undated ones), lower numbers come first.",
    )
    kind = models.CharField(
        max_length=20,
        choices=Kind.choices,
        default=Kind.HONOUR,
        help_text="Paper awards (best paper, oral, spotlight) need the publication.",
    )
    description = models.TextField(blank=True, help_text="Markdown.")
    description_html = models.TextField(blank=True, editable=False)
    link = models.URLField(max_length=500, blank=True)
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="awards",
        help_text="The member who received it.",
    )
    publication = models.ForeignKey(
        "publications.Publication",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="awards",
        help_text="The paper that received it; shown as a badge on the paper.",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = AwardQuerySet.as_manager()

    class Meta:
        # Newest first; the same date, or none, in the member's order.
        ordering = [
            models.F("year").desc(nulls_last=True),
            models.F("month").desc(nulls_last=True),
            models.F("day").desc(nulls_last=True),
            "order",
            "title",
        ]
        indexes = [models.Index(fields=["lab", "year"], name="award_lab_year")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False) | models.Q(publication__isnull=False),
                name="award_has_person_or_publication",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title_html = render_inline_markdown(self.title)
        self.description_html = render_markdown(self.description)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        validate_parts(self.year, self.month, self.day, fields=("year", "month", "day"))
        if not self.person_id and not self.publication_id:
            raise ValidationError("Link the award to a member, a publication, or both.")
        if self.kind == self.Kind.PAPER and not self.publication_id:
            raise ValidationError(
                {"publication": "A paper award needs the paper: choose the publication."}
            )

    # A badge sits inline next to a paper title (and wraps on a phone); longer titles are
    # cut. 100 holds a whole prize ("IISA 2018 Best Student Paper in Applied Statistics").
    BADGE_MAX_CHARS = 100

    @property
    def title_display(self) -> str:
        """The title as the page shows it: its rendered (sanitised) markdown, or the plain
        title of a row not saved since the field exists."""
        if not self.title_html or not has_inline_marks(self.title):
            return conditional_escape(self.title)  # a plain title, escaped as it always was
        return mark_safe(self.title_html)  # noqa: S308 - sanitised on save

    @property
    def title_plain(self) -> str:
        return strip_inline_marks(self.title)

    @property
    def badge_label(self) -> str:
        return self.badge_text(self.title, self.badge)

    @classmethod
    def badge_text(cls, title: str, badge: str) -> str:
        """Short text of a paper's badge: the badge field, else the (shortened) title.

        A class method so that lists built from plain rows (publications.queries) need no
        model instance."""
        label = strip_inline_marks(badge or title).strip()
        if len(label) > cls.BADGE_MAX_CHARS:
            label = label[: cls.BADGE_MAX_CHARS - 1].rstrip() + "…"
        return label

    @property
    def safe_link(self) -> str:
        """The link if it is http(s): rows written outside forms skip URL validation."""
        return self.link if is_web_url(self.link) else ""

    @property
    def dated(self) -> Dated:
        return dated_from_parts(self.year, self.month, self.day)

    @property
    def month_label(self) -> str:
        """Under a year heading: "Sep", "14 Sep"."""
        if not self.month:
            return ""
        month = calendar.month_abbr[self.month]
        return f"{self.day} {month}" if self.day else month

    @property
    def date_label(self) -> str:
        """In the default style, like "2025" or "2025.09"; pages use their own style."""
        return format_date(*self.dated)
