"""Choices shared by the publication models and the pure import parsers.

They live apart from ``models.py`` so that ``importers/`` can use them without
touching the ORM.
"""

from django.db import models


class PublicationKind(models.TextChoices):
    CONFERENCE = "conference", "Conference paper"
    JOURNAL = "journal", "Journal article"
    PREPRINT = "preprint", "Preprint"
    WORKSHOP = "workshop", "Workshop paper"
    THESIS = "thesis", "Thesis"
    BOOK = "book", "Book"
    CHAPTER = "chapter", "Book chapter"
    PATENT = "patent", "Patent"
    OTHER = "other", "Other"


class LinkKind(models.TextChoices):
    PDF = "pdf", "PDF"
    ARXIV = "arxiv", "arXiv"
    DOI = "doi", "DOI"
    CODE = "code", "Code"
    PROJECT = "project", "Project"
    BLOG = "blog", "Blog"
    SLIDES = "slides", "Slides"
    VIDEO = "video", "Video"
    POSTER = "poster", "Poster"
    DATASET = "dataset", "Dataset"
    OTHER = "other", "Other"


class ImportFormat(models.TextChoices):
    BIBTEX = "bibtex", "BibTeX"
    SCHOLAR_CSV = "scholar-csv", "Google Scholar CSV"
    RIS = "ris", "RefMan (RIS)"
    ENDNOTE = "endnote", "EndNote"
    SCHOLARLY_JSON = "scholarly-json", "gs_data.json (AcadHomepage crawler)"
    ORCID_JSON = "orcid-json", "ORCID works (JSON of ORCID's public API)"
    OPENALEX_JSON = "openalex-json", "OpenAlex works (JSON of OpenAlex's works list)"


class ListGrouping(models.TextChoices):
    YEAR = "year", "By year"
    KIND = "kind", "By type (preprints, papers, workshops, others)"
    NONE = "none", "One list"
