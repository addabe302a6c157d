"""The lab's publication list settings (one row per lab): a model of its own module, so
that publications/models.py stays short; re-exported by publications.models."""

from django.db import models

from labsite.models import TenantModel
from labsite.sections import AuthorFormat, TitleLink
from publications.choices import ListGrouping


class PublicationListSettings(TenantModel):
    """How the lab's publication list looks: one row per lab, made on first use in admin;
    a lab without one gets the defaults (``publications.list_settings``)."""

    Grouping = ListGrouping

    grouping = models.CharField(
        max_length=10, choices=Grouping.choices, default=Grouping.YEAR,
        help_text="How /publications/ groups papers when the visitor chooses nothing.",
    )
    # Headings of the groups by type (publications.queries.KIND_SECTIONS); empty: the usual.
    preprints_heading = models.CharField(max_length=80, blank=True, help_text='Empty: "Preprints".')
    papers_heading = models.CharField(
        max_length=80, blank=True, help_text='Empty: "Conference and journal papers".'
    )
    workshops_heading = models.CharField(max_length=80, blank=True, help_text='Empty: "Workshops".')
    others_heading = models.CharField(max_length=80, blank=True, help_text='Empty: "Others".')
    bold_members = models.BooleanField(
        default=True, help_text="Show the lab's members in bold in the publication list."
    )
    # The same vocabulary as a publications section's options (labsite.sections).
    author_format = models.CharField(
        max_length=12, choices=AuthorFormat.choices, default=AuthorFormat.FIRST_LAST,
        help_text='How author names read: "Beidi Chen, …" or "Chen, Beidi; …".',
    )  # fmt: skip
    title_link = models.CharField(
        max_length=10, choices=TitleLink.choices, default=TitleLink.PAGE,
        help_text="Where a paper's title leads; without a PDF or link, to its page.",
    )  # fmt: skip
    show_citations = models.BooleanField(
        default=False, help_text="Show each paper's citation count (when one was read)."
    )
    show_metric_links = models.BooleanField(
        "Altmetric and Dimensions links", default=False,
        help_text="Links to a paper's Altmetric and Dimensions pages, by its DOI, in the list "
        "and on the paper's page. Plain links: no third-party script or image.",
    )  # fmt: skip
    paper_highlights_in_honours = models.BooleanField(
        "paper highlights among honours", default=True,
        help_text="Show a paper's highlights (Oral, Best Paper…) among the honours of each "
        "member who authors it; a member's homepage may say otherwise.",
    )

    class Meta:
        verbose_name = "publication list settings"
        verbose_name_plural = "publication list settings"
        constraints = [
            models.UniqueConstraint(fields=["lab"], name="publicationlistsettings_one_per_lab"),
        ]

    def __str__(self):
        return "Publication list settings"
