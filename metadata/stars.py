"""Stars of papers' code repositories (GitHub): the lab's papers' Code links to GitHub,
each repository fetched once for every lab (``SourceRecord`` kind ``github``), applied to
``code_stars`` with the date they were read. An edited value is never overwritten
(``may_overwrite``), and the lab's content version is bumped once when anything changed."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from labsite.models import Lab
from labsite.versions import bump_lab
from metadata.apply import records_for
from metadata.models import IdentifierKind, RecordStatus, SourceRecord
from metadata.refresh import RefreshReport, fetch_stale
from metadata.sources import github
from publications.choices import LinkKind
from publications.imports.edits import may_overwrite
from publications.models import Publication, PublicationLink

SOURCE = github.SOURCE


def code_repositories(lab: Lab) -> list[dict]:
    """The lab's papers with a Code link to a GitHub repository: the first such link's
    ``owner/repo`` as ``key``, with the paper's stars and edited fields."""
    links = PublicationLink.objects.for_lab(lab).filter(
        kind=LinkKind.CODE, url__icontains="github.com").order_by("publication_id", "order", "pk")
    keys: dict[int, str] = {}
    for publication_id, url in links.values_list("publication_id", "url").iterator(2000):
        if publication_id not in keys and (key := github.repository_key(url)):
            keys[publication_id] = key
    rows = Publication.objects.for_lab(lab).values(
        "id", "code_stars", "code_stars_read_on", "edited_fields")
    return [{**row, "key": keys[row["id"]]} for row in rows.iterator(chunk_size=2000)
            if row["id"] in keys]


def store_repositories(results: dict, source: str = SOURCE) -> None:
    now = timezone.now()
    rows = [
        SourceRecord(
            source=source, kind=IdentifierKind.GITHUB, value=key[:300], fetched_at=now,
            status=RecordStatus.FOUND if facts else RecordStatus.NOT_FOUND,
            stars=facts.stars if facts else None, source_id=facts.full_name[:100] if facts else "",
        )  # fmt: skip
        for key, facts in results.items()
    ]
    SourceRecord.objects.bulk_create(
        rows, batch_size=500, update_conflicts=True, unique_fields=["source", "kind", "value"],
        update_fields=["status", "fetched_at", "stars", "source_id"],
    )  # fmt: skip


def apply_stars(lab: Lab, papers: list[dict], *, dry_run: bool = False) -> int:
    """Give ``papers`` (rows of ``code_repositories``) their repository's stars; returns
    how many papers changed."""
    records = records_for(sorted({paper["key"] for paper in papers}), SOURCE,
                          IdentifierKind.GITHUB, fields=("stars",))
    rows = []
    for paper in papers:
        record = records.get(paper["key"])
        if record is None or record.stars is None:
            continue
        value = (record.stars, record.fetched_at.date())
        if may_overwrite(paper["edited_fields"], "code_stars") and (
            paper["code_stars"], paper["code_stars_read_on"]
        ) != value:
            rows.append(Publication(id=paper["id"], lab=lab, code_stars=value[0],
                                    code_stars_read_on=value[1]))
    if rows and not dry_run:
        with transaction.atomic():
            Publication.objects.for_lab(lab).bulk_update(
                rows, ["code_stars", "code_stars_read_on"], batch_size=500)
            bump_lab(lab.id)
    return len(rows)


def refresh_stars(lab: Lab, *, source: str = SOURCE, dry_run: bool = False) -> RefreshReport:
    """Fetch the repositories the shared cache lacks for ``lab``'s code links, apply them."""
    report = RefreshReport(lab=lab.slug, source=source)
    papers = code_repositories(lab)
    report.papers = len(papers)
    keys = {paper["key"] for paper in papers}
    report.identifiers = len(keys)
    fetch_stale(keys, report, dry_run=dry_run, fetcher=github, store=store_repositories,
                kind=IdentifierKind.GITHUB)
    report.changed_papers = apply_stars(lab, papers, dry_run=dry_run)
    return report
