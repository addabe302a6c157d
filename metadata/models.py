"""What open scholarly APIs said about identifiers, shared by every lab, and each lab's
counts read from them.

``SourceRecord`` and ``SourceStatus`` are not tenant rows on purpose: a paper co-authored
by two labs has one DOI, fetched once for both; a source being down is down for everyone.
Only ``CitationCount`` (a lab's paper, a source, a count and its date) belongs to a lab.
"""

from django.conf import settings
from django.db import models

from labsite.models import TenantModel


class Source(models.TextChoices):
    OPENALEX = "openalex", "OpenAlex"
    CROSSREF = "crossref", "Crossref"
    SEMANTIC_SCHOLAR = "semanticscholar", "Semantic Scholar"
    ARXIV = "arxiv", "arXiv"
    ORCID = "orcid", "ORCID"
    DBLP = "dblp", "DBLP"
    GITHUB = "github", "GitHub"
    OPENALEX_WORKS = "openalex_works", "OpenAlex works"


class IdentifierKind(models.TextChoices):
    DOI = "doi", "DOI"
    ARXIV = "arxiv", "arXiv id"
    OPENALEX = "openalex", "OpenAlex id"
    GITHUB = "github", "GitHub repository"
    TITLE = "title", "Title, year and first author"


class RecordStatus(models.TextChoices):
    FOUND = "found", "Found"
    NOT_FOUND = "not_found", "Not found"


class SourceRecord(models.Model):
    """One source's answer about one identifier (lower-cased), whichever labs asked."""

    source = models.CharField(max_length=20, choices=Source.choices)
    kind = models.CharField(max_length=20, choices=IdentifierKind.choices)
    value = models.CharField(max_length=300, help_text="The identifier, normalised.")
    status = models.CharField(max_length=20, choices=RecordStatus.choices)
    fetched_at = models.DateTimeField()
    cited_by_count = models.PositiveIntegerField(null=True, blank=True)
    source_id = models.CharField(
        max_length=100, blank=True, help_text="The source's own id of the work (W…)."
    )
    doi = models.CharField(max_length=200, blank=True, help_text="The DOI the source gives.")
    arxiv_id = models.CharField(max_length=40, blank=True, help_text="The arXiv id it gives.")
    # The published (venue) version of a preprint, where the source names one.
    venue = models.CharField(max_length=300, blank=True, help_text="The venue version's venue.")
    venue_year = models.PositiveSmallIntegerField(null=True, blank=True)
    venue_doi = models.CharField(
        max_length=200, blank=True, help_text="The DOI of the published version."
    )
    venue_title = models.CharField(max_length=500, blank=True)
    venue_kind = models.CharField(
        max_length=20, blank=True, help_text="journal, conference… when the source says."
    )
    stars = models.PositiveIntegerField(
        null=True, blank=True, help_text="A code repository's stars (GitHub)."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "value"], name="source_record_unique_identifier"
            ),
        ]

    def __str__(self):
        return f"{self.get_source_display()} {self.kind}:{self.value}"


class SourceStatus(models.Model):
    """How a source has been answering; the circuit breaker every worker reads."""

    source = models.CharField(max_length=20, choices=Source.choices, unique=True)
    last_success = models.DateTimeField(null=True, blank=True)
    last_failure = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    open_until = models.DateTimeField(
        null=True, blank=True, help_text="No call is made to the source before this time."
    )

    class Meta:
        verbose_name_plural = "source statuses"

    def __str__(self):
        return self.get_source_display()


class CitationCount(TenantModel):
    """A lab's paper's citation count as one source read it, and when."""

    publication = models.ForeignKey(
        "publications.Publication", on_delete=models.CASCADE, related_name="citation_counts"
    )
    source = models.CharField(max_length=20, choices=Source.choices)
    count = models.PositiveIntegerField()
    read_on = models.DateField(help_text="When the source was read.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "source"], name="citation_count_unique_per_source"
            ),
        ]

    def __str__(self):
        return f"{self.count} ({self.get_source_display()}, {self.read_on})"


class SuggestionKind(models.TextChoices):
    VENUE_VERSION = "venue_version", "Published version of a preprint"
    NEW_PAPER = "new_paper", "New paper"


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class MetadataSuggestion(TenantModel):
    """Something a source found that a person decides on (a preprint's venue version):
    never applied by a refresh. One row per (paper, kind, value) whatever its status, so
    a re-run never proposes it again, nor a rejected one."""

    MAX_PAYLOAD_BYTES = 4096

    publication = models.ForeignKey(
        "publications.Publication", on_delete=models.CASCADE, related_name="suggestions"
    )
    source = models.CharField(max_length=20, choices=Source.choices)
    kind = models.CharField(max_length=20, choices=SuggestionKind.choices)
    value = models.CharField(
        max_length=300, help_text="What is suggested, normalised (e.g. the DOI): one row each."
    )
    payload = models.JSONField(
        default=dict, blank=True, help_text="The suggested values (venue, year, doi, title, kind)."
    )
    status = models.CharField(
        max_length=20, choices=SuggestionStatus.choices, default=SuggestionStatus.PENDING
    )
    created = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "kind", "value"], name="metadata_suggestion_unique_value"
            ),
        ]
        indexes = [models.Index(fields=["lab", "status"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value}"


class FoundWorks(TenantModel):
    """A member's works a refresh found in ORCID, DBLP or OpenAlex that would add papers the lab
    does not have, kept for the member or a lab editor to review as an import (the lab's
    choice "review"); replaced by the next refresh, deleted once opened for review."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=20, choices=Source.choices)
    format = models.CharField(max_length=20, help_text="The import format of the works.")
    works = models.TextField(help_text="The works as the source gave them.")
    new_papers = models.PositiveIntegerField(help_text="Papers the works would add, when found.")
    found_at = models.DateTimeField()

    class Meta:
        verbose_name = "new papers found"
        verbose_name_plural = "new papers found"
        constraints = [
            models.UniqueConstraint(fields=["person", "source"],
                                    name="found_works_one_per_person_and_source"),
        ]

    def __str__(self):
        return f"{self.new_papers} new papers of {self.person} in {self.get_source_display()}"


# A lab's sources, schedule and new-paper choice (its own module, to keep this one small).
from metadata.lab_settings_model import LabMetadataSettings, NewPapers  # noqa: E402, F401
