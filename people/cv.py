"""CV entries of a member: education, positions, talks, teaching, service.

Dates are kept as year / month / day parts (a talk to the day if given, a degree to the
month) and shown at that precision in the member's style (labsite/dates.py).
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from labsite.dates import dated_from_parts, validate_parts
from labsite.markdown import render_markdown
from labsite.models import TenantModel
from people.validators import WebURLField, is_web_url

_YEAR = [MinValueValidator(1900), MaxValueValidator(2200)]
_MONTH = [MinValueValidator(1), MaxValueValidator(12)]
_DAY = [MinValueValidator(1), MaxValueValidator(31)]


class TalkKind(models.TextChoices):
    """Shown in brackets before a talk's title, as pages write it: "[Invited Talk] …"."""

    INVITED = "invited", "Invited Talk"
    ORAL = "oral", "Oral Presentation"
    POSTER = "poster", "Poster"
    KEYNOTE = "keynote", "Keynote"
    CONTRIBUTED = "contributed", "Contributed Talk"
    SEMINAR = "seminar", "Seminar"
    OTHER = "other", "Talk"


class CVEntry(TenantModel):
    class Kind(models.TextChoices):
        EDUCATION = "education", "Education"
        POSITION = "position", "Position / experience"
        TALK = "talk", "Talk / presentation"
        TEACHING = "teaching", "Teaching"
        SERVICE = "service", "Service"

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="cv_entries"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    talk_kind = models.CharField(
        max_length=20,
        choices=TalkKind.choices,
        blank=True,
        help_text="Talks only: shown in brackets before the title, e.g. “[Invited Talk]”.",
    )
    title = models.CharField(max_length=300, help_text='e.g. "Ph.D. in Computer Science".')
    organisation = models.CharField(
        max_length=200, blank=True, help_text='For a talk, the event, e.g. "CCF-HPC 2025".'
    )
    place = models.CharField(
        max_length=200, blank=True, help_text='e.g. "Ordos, China"; a talk shows "@Ordos, China".'
    )
    start_year = models.PositiveSmallIntegerField(null=True, blank=True, validators=_YEAR)
    start_month = models.PositiveSmallIntegerField(null=True, blank=True, validators=_MONTH)
    start_day = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=_DAY,
        help_text="Optional: a talk's day. The date is shown as far as it is given.",
    )
    end_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=_YEAR, help_text="Leave empty for ongoing entries."
    )
    end_month = models.PositiveSmallIntegerField(null=True, blank=True, validators=_MONTH)
    end_day = models.PositiveSmallIntegerField(null=True, blank=True, validators=_DAY)
    end_expected = models.BooleanField(
        "end expected", default=False,
        help_text='The end is not reached yet: the period reads "2023.06 - 2028.06 (expected)".',
    )  # fmt: skip
    description = models.TextField(blank=True, help_text="Markdown.")
    description_html = models.TextField(blank=True, editable=False)
    link = WebURLField(max_length=500, blank=True)
    order = models.PositiveIntegerField(
        default=0, help_text="Among entries of the same date, lower numbers come first."
    )

    class Meta:
        # Newest first; entries of the same date (or undated) in the member's order.
        ordering = [
            models.F("start_year").desc(nulls_last=True),
            models.F("start_month").desc(nulls_last=True),
            models.F("start_day").desc(nulls_last=True),
            "order",
            "pk",
        ]
        verbose_name = "CV entry"
        verbose_name_plural = "CV entries"

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.description_html = render_markdown(self.description)
        super().save(*args, **kwargs)

    @property
    def safe_link(self) -> str:
        return self.link if is_web_url(self.link) else ""

    def clean(self):
        super().clean()
        validate_parts(
            self.start_year,
            self.start_month,
            self.start_day,
            fields=("start_year", "start_month", "start_day"),
        )
        validate_parts(
            self.end_year, self.end_month, self.end_day, fields=("end_year", "end_month", "end_day")
        )
        start = (self.start_year or 0, self.start_month or 0, self.start_day or 0)
        end = (self.end_year or 9999, self.end_month or 13, self.end_day or 32)
        if self.start_year and self.end_year and end < start:
            raise ValidationError({"end_year": "The end comes before the start."})
        if self.end_expected and not self.end_year:
            raise ValidationError({"end_expected": "Only an end that has a year is expected."})
        if self.talk_kind and self.kind != self.Kind.TALK:
            raise ValidationError({"talk_kind": "Only talks have a talk kind."})

    @property
    def start_dated(self):
        return dated_from_parts(self.start_year, self.start_month, self.start_day)

    @property
    def end_dated(self):
        return dated_from_parts(self.end_year, self.end_month, self.end_day)

    @property
    def open_end(self) -> str:
        """What an entry without an end runs to: talks are single days, the rest ongoing."""
        return "" if self.kind == self.Kind.TALK else "present"

    @property
    def talk_label(self) -> str:
        return self.get_talk_kind_display() if self.kind == self.Kind.TALK else ""
