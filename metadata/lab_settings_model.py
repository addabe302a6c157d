"""``LabMetadataSettings``: how one lab keeps its papers fresh (one row per lab, made on
first use; a lab without one gets the defaults)."""

from django.core.exceptions import ValidationError
from django.db import models

from labsite.models import TenantModel
from metadata.cron import DEFAULT_SCHEDULE, MAX_SCHEDULE_LENGTH, validate_schedule


class NewPapers(models.TextChoices):
    REVIEW = "review", "Queue them for review"
    ADD = "add", "Add them"
    OFF = "off", "Ignore them"


def default_sources() -> list[str]:
    from metadata.models import Source

    return [Source.OPENALEX.value]


def validate_sources(value) -> None:
    """A list of known ``Source`` values (a JSON list, so a new source needs no schema
    change; the form offers each as a checkbox)."""
    from metadata.models import Source

    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError("Enabled sources are a list of source names.")
    unknown = sorted(set(value) - set(Source.values))
    if unknown:
        raise ValidationError(
            f"Unknown source(s): {', '.join(unknown)}. Known: {', '.join(Source.values)}."
        )


class LabMetadataSettings(TenantModel):
    enabled_sources = models.JSONField(
        default=default_sources, blank=True, validators=[validate_sources],
        help_text="The sources read for this lab's papers, each in turn; none: no refresh.",
    )  # fmt: skip
    schedule = models.CharField(
        max_length=MAX_SCHEDULE_LENGTH, blank=True, default=DEFAULT_SCHEDULE,
        validators=[validate_schedule],
        help_text='When the worker refreshes the lab: a cron expression (minute hour day '
        'month weekday) in server time (the TIME_ZONE setting, UTC unless set), e.g. '
        '"17 3 * * *" for every day at 03:17. Empty: no automatic refresh.',
    )  # fmt: skip
    new_papers = models.CharField(
        max_length=10, choices=NewPapers.choices, default=NewPapers.REVIEW,
        help_text="What to do with a member's papers that a source (ORCID, DBLP) knows and "
        "the lab does not.",
    )  # fmt: skip

    class Meta:
        verbose_name = "fresh metadata settings"
        verbose_name_plural = "fresh metadata settings"
        constraints = [
            models.UniqueConstraint(fields=["lab"], name="labmetadatasettings_one_per_lab"),
        ]

    def __str__(self):
        return "Fresh metadata settings"
