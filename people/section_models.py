"""The rows a member composes their homepage from: its sections and research interests.

Imported by ``people/models.py`` (so Django registers them); the abstract section and the
composing code are ``labsite/sections.py``.
"""

from django.core.validators import MaxLengthValidator
from django.db import models

from labsite.markdown import render_markdown
from labsite.models import TenantModel
from labsite.sections import Section
from people.section_defaults import INTEREST_TITLE_MAX

INTEREST_DESCRIPTION_MAX = 5_000


class PersonSection(Section):
    """One section of a member's homepage."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="sections")

    page_field = "person"

    class Meta(Section.Meta):
        verbose_name = "homepage section"
        constraints = [
            models.UniqueConstraint(
                fields=["person", "anchor"],
                name="personsection_anchor_unique_per_person",
                violation_error_message="Another section of this homepage has this anchor.",
            ),
        ]


class ResearchInterest(TenantModel):
    """One research interest: a title and, optionally, a sentence or two about it."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="research_interests"
    )
    title = models.CharField(max_length=INTEREST_TITLE_MAX, help_text='e.g. "Efficient LLM".')
    description = models.TextField(
        blank=True,
        max_length=INTEREST_DESCRIPTION_MAX,
        validators=[MaxLengthValidator(INTEREST_DESCRIPTION_MAX)],
        help_text="Markdown, optional: what the interest is about.",
    )
    description_html = models.TextField(blank=True, editable=False)
    order = models.PositiveIntegerField(default=0, help_text="Lower numbers come first.")

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.description_html = render_markdown(self.description)
        super().save(*args, **kwargs)
