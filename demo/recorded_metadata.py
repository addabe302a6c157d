"""What a metadata refresh would have stored for the demo lab, so that `make run` shows
citation counts, code stars and their dates without the network.

The values are fictional, written the way metadata/apply.py writes them: a paper's shown
count with the day it was read (``citation_count`` + ``citations_read_on``), the stars of
its code repository (``code_stars`` + ``code_stars_read_on``), and one ``CitationCount``
row per source read. ``demo`` and ``metadata`` are sibling layers (neither imports the
other): the rows are made through the app registry, and only when metadata is installed.
"""

from __future__ import annotations

import datetime

from django.apps import apps

# When the demo's "refresh" ran: the stars a day later, as a separate pass would.
READ_ON = datetime.date(2026, 11, 30)
STARS_READ_ON = datetime.date(2026, 12, 1)

# slug → (citation count, code stars or None); papers not named have no reading yet.
RECORDED = {
    "moreau2025tidal": (48, 312),
    "fischer2024sparse": (131, None),
    "sato2024quant": (87, None),
    "lin2023pollen": (264, None),
}
# The demo's one DOI (its link names it): the paper page's Altmetric and Dimensions links.
DOIS = {"lin2023pollen": "10.1145/0000001"}


def record_metadata(lab, papers: dict) -> None:
    """Stores the recorded values on the demo's papers (``papers``: slug → Publication)."""
    citation_count = (
        apps.get_model("metadata", "CitationCount") if apps.is_installed("metadata") else None
    )
    for slug, (count, stars) in RECORDED.items():
        paper = papers[slug]
        paper.citation_count, paper.citations_read_on = count, READ_ON
        if stars is not None:
            paper.code_stars, paper.code_stars_read_on = stars, STARS_READ_ON
        paper.doi = DOIS.get(slug, paper.doi)
        paper.save()
        if citation_count is not None:
            citation_count.objects.create(
                lab=lab, publication=paper, source="openalex", count=count, read_on=READ_ON
            )
