"""Refreshing from Crossref, Semantic Scholar and arXiv against the replay server: each
source's count recorded, the shown count by source priority, identifiers filled, a
preprint's venue version queued (once, never again after a rejection), ``--source``."""

import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from metadata.models import CitationCount, MetadataSuggestion, Source, SourceRecord, SourceStatus
from metadata.refresh import refresh_lab
from metadata.sources import ALL_SOURCES
from metadata.suggestions import reject_suggestion
from publications.imports.edits import record_edited_fields
from publications.models import Publication
from tests.factories import make_publication
from tests.metadata.replay import ReplayOpenAlex, work_for
from tests.metadata.replay_sources import (
    ReplayArxiv,
    ReplayCrossref,
    ReplaySemanticScholar,
    arxiv_entry,
    crossref_work,
    replayed,
    s2_paper,
)

NAACL = "North American Chapter of the Association for Computational Linguistics"


class Replays:
    def __init__(self, server):
        self.openalex = ReplayOpenAlex()
        self.crossref = ReplayCrossref()
        self.s2 = ReplaySemanticScholar()
        self.arxiv = ReplayArxiv()
        server.expect_request("/works").respond_with_handler(self.openalex)
        server.expect_request(re.compile(r"^/works/https://doi\.org/.+")).respond_with_handler(
            self.openalex)
        server.expect_request(re.compile("^/crossref/works/.+")).respond_with_handler(
            self.crossref)
        server.expect_request("/s2/graph/v1/paper/batch", method="POST").respond_with_handler(
            self.s2)
        server.expect_request("/arxiv/api/query").respond_with_handler(self.arxiv)


@pytest.fixture
def replays(sources):
    return Replays(sources)


def paper(lab, **fields):
    return Publication.objects.for_lab(lab).get(pk=make_publication(lab=lab, **fields).pk)


def fresh(row):
    return Publication.objects.for_lab(row.lab).get(pk=row.pk)


def test_each_source_keeps_its_count_and_the_shown_one_follows_the_priority(
    lab_a, replays, settings
):
    settings.LABSITE_METADATA_MAX_AGE_HOURS = 0  # every run reads the sources again
    cited = paper(lab_a, doi="10.1/a")
    crossref_only = paper(lab_a, doi="10.1/b")
    replays.crossref.works.update({"10.1/a": crossref_work("10.1/a", 300),
                                   "10.1/b": crossref_work("10.1/b", 9)})
    replays.s2.papers["DOI:10.1/a"] = s2_paper(500, doi="10.1/a")
    replays.openalex.works["10.1/a"] = work_for("10.1/a", 747)

    refresh_lab(lab_a, source="crossref")
    assert fresh(cited).citation_count == 300
    refresh_lab(lab_a, source="semanticscholar")
    assert fresh(cited).citation_count == 500  # Semantic Scholar is before Crossref
    refresh_lab(lab_a, source="openalex")
    assert fresh(cited).citation_count == 747  # OpenAlex first of all
    replays.crossref.works["10.1/a"] = crossref_work("10.1/a", 301)
    refresh_lab(lab_a, source="crossref")

    today = timezone.now().date()
    assert fresh(cited).citation_count == 747  # a lower-priority source never replaces it
    assert (fresh(crossref_only).citation_count, fresh(crossref_only).citations_read_on) == (
        9, today)
    rows = CitationCount.objects.for_lab(lab_a).filter(publication=cited)
    assert sorted(rows.values_list("source", "count", "read_on")) == [
        ("crossref", 301, today), ("openalex", 747, today), ("semanticscholar", 500, today)]


def test_the_priority_is_a_setting(lab_a, replays, settings):
    settings.LABSITE_METADATA_COUNT_PRIORITY = ["crossref", "openalex"]
    cited = paper(lab_a, doi="10.1/a")
    replays.crossref.works["10.1/a"] = crossref_work("10.1/a", 300)
    replays.openalex.works["10.1/a"] = work_for("10.1/a", 747)
    replays.s2.papers["DOI:10.1/a"] = s2_paper(500, doi="10.1/a")
    for source in ("crossref", "openalex", "semanticscholar"):
        refresh_lab(lab_a, source=source)
    assert fresh(cited).citation_count == 300
    assert CitationCount.objects.for_lab(lab_a).count() == 3  # all recorded


def test_semantic_scholar_fills_a_missing_arxiv_id_and_keeps_edits(lab_a, replays):
    filled = paper(lab_a, doi="10.1/conf")
    edited = paper(lab_a, doi="10.1/edited")
    record_edited_fields(edited, ["arxiv_id", "citation_count"])
    edited.save()
    replays.s2.papers.update({
        "DOI:10.1/conf": s2_paper(4, doi="10.1/conf", arxiv="2401.00001", venue="ICML"),
        "DOI:10.1/edited": s2_paper(5, doi="10.1/edited", arxiv="2401.00002")})
    report = refresh_lab(lab_a, source="semanticscholar")
    assert (fresh(filled).arxiv_id, fresh(filled).citation_count) == ("2401.00001", 4)
    assert (fresh(edited).arxiv_id, fresh(edited).citation_count) == ("", None)
    assert report.changed_papers == 2 and report.suggestions == 0  # not preprints


def test_a_preprints_published_version_is_suggested_never_applied(lab_a, replays):
    preprint = paper(lab_a, kind="preprint", arxiv_id="1805.02262", venue="arXiv",
                     venue_short="arXiv", year=2018)
    replays.s2.papers["ARXIV:1805.02262"] = replayed("semanticscholar", "batch.json")[0]

    report = refresh_lab(lab_a, source="semanticscholar")

    row = fresh(preprint)
    assert (row.kind, row.venue, row.doi, row.citation_count) == ("preprint", "arXiv", "", 453)
    suggestion = MetadataSuggestion.objects.for_lab(lab_a).get()
    assert (suggestion.publication_id, suggestion.source, suggestion.kind, suggestion.status) == (
        preprint.pk, "semanticscholar", "venue_version", "pending")
    assert suggestion.value == "10.18653/v1/n18-3011"
    assert suggestion.payload == {"venue": NAACL, "year": 2018, "doi": "10.18653/v1/n18-3011",
                                  "title": "Construction of the Literature Graph in Semantic "
                                  "Scholar", "kind": "conference"}
    assert report.suggestions == 1


def test_arxiv_journal_ref_is_suggested_once_and_never_again_once_rejected(
    lab_a, replays, settings, django_user_model
):
    settings.LABSITE_METADATA_MAX_AGE_HOURS = 0
    preprint = paper(lab_a, kind="preprint", arxiv_id="cond-mat/0102536")
    replays.arxiv.entries["cond-mat/0102536"] = arxiv_entry(
        "cond-mat/0102536", journal_ref="J. Chem. Phys. 115, 1626 (2001)", doi="10.1063/1.1383585")
    assert refresh_lab(lab_a, source="arxiv").suggestions == 1
    assert refresh_lab(lab_a, source="arxiv").suggestions == 0
    suggestion = MetadataSuggestion.objects.for_lab(lab_a).get()
    assert suggestion.payload["venue"] == "J. Chem. Phys. 115, 1626 (2001)"
    assert suggestion.payload["year"] == 2001 and suggestion.payload["kind"] == "journal"
    reject_suggestion(suggestion=suggestion, user=django_user_model.objects.create(username="r"))
    refresh_lab(lab_a, source="arxiv")
    assert list(MetadataSuggestion.objects.for_lab(lab_a).values_list("status", flat=True)) == [
        "rejected"]
    assert len(replays.arxiv.ids_asked) == 3  # it was read again each time
    assert fresh(preprint).kind == "preprint"


def test_a_published_version_the_lab_already_has_is_not_suggested(lab_a, replays):
    paper(lab_a, doi="10.1063/1.1383585", kind="journal")
    paper(lab_a, kind="preprint", arxiv_id="cond-mat/0102536")
    replays.arxiv.entries["cond-mat/0102536"] = arxiv_entry(
        "cond-mat/0102536", journal_ref="J. Chem. Phys. 115, 1626 (2001)", doi="10.1063/1.1383585")
    assert refresh_lab(lab_a, source="arxiv").suggestions == 0
    assert not MetadataSuggestion.objects.for_lab(lab_a).exists()


def test_crossref_preprint_relation_is_suggested(lab_a, replays):
    preprint = paper(lab_a, kind="preprint", doi="10.1101/574129")
    replays.crossref.works.update({
        "10.1101/574129": replayed("crossref", "work_preprint.json"),
        "10.1037/0003-066x.59.1.29": replayed("crossref", "work_journal.json")})
    refresh_lab(lab_a, source="crossref")
    suggestion = MetadataSuggestion.objects.for_lab(lab_a).get(publication=preprint)
    assert suggestion.payload["venue"] == "American Psychologist"
    assert suggestion.value == "10.1037/0003-066x.59.1.29"
    assert fresh(preprint).doi == "10.1101/574129"


def test_a_dry_run_suggests_nothing(lab_a, replays):
    paper(lab_a, kind="preprint", arxiv_id="1805.02262")
    replays.s2.papers["ARXIV:1805.02262"] = replayed("semanticscholar", "batch.json")[0]
    refresh_lab(lab_a, source="semanticscholar", dry_run=True)
    assert not MetadataSuggestion.objects.for_lab(lab_a).exists()
    assert not SourceRecord.objects.exists()


def test_a_second_source_fetches_a_shared_paper_once_for_both_labs(lab_a, lab_b, replays):
    mine = paper(lab_a, doi="10.1/shared")
    theirs = paper(lab_b, doi="10.1/shared")
    replays.s2.papers["DOI:10.1/shared"] = s2_paper(12, doi="10.1/shared")
    refresh_lab(lab_a, source="semanticscholar")
    assert fresh(theirs).citation_count is None
    refresh_lab(lab_b, source="semanticscholar")
    assert replays.s2.ids_asked == ["DOI:10.1/shared"]
    assert fresh(mine).citation_count == fresh(theirs).citation_count == 12
    assert SourceRecord.objects.filter(source="semanticscholar").count() == 1


def test_one_failing_source_opens_only_its_own_breaker(lab_a, sources, settings):
    settings.LABSITE_METADATA_RETRIES = 0
    settings.LABSITE_METADATA_BREAKER_FAILURES = 1
    sources.expect_request("/s2/graph/v1/paper/batch", method="POST").respond_with_data(
        "down", status=503)
    openalex = ReplayOpenAlex({"10.1/a": work_for("10.1/a", 3)})
    sources.expect_request("/works").respond_with_handler(openalex)
    row = paper(lab_a, doi="10.1/a", citation_count=1)
    assert refresh_lab(lab_a, source="semanticscholar").failed_batches == 1
    assert fresh(row).citation_count == 1
    assert SourceStatus.objects.get(source="semanticscholar").open_until > timezone.now()
    assert not refresh_lab(lab_a, source="openalex").skipped_reason
    assert fresh(row).citation_count == 3


def test_the_command_refreshes_from_every_source(lab_a, replays, capsys):
    row = paper(lab_a, kind="preprint", doi="10.1/a", arxiv_id="2401.00001")
    replays.crossref.works["10.1/a"] = crossref_work("10.1/a", 30)
    replays.s2.papers["DOI:10.1/a"] = s2_paper(50, doi="10.1/a")
    replays.arxiv.entries["2401.00001"] = arxiv_entry("2401.00001", journal_ref="NeurIPS 2024")
    call_command("refresh_metadata", "--lab", "lab-a", "--source", "all", "--now")
    out = capsys.readouterr().out
    for source in ("openalex", "semanticscholar", "crossref"):
        assert f"lab-a ({source}): 1 papers with an identifier, 1 fetched" in out
    assert "lab-a (arxiv): 1 papers with an identifier, 1 fetched, 0 changed, " \
           "1 new suggestions to review" in out
    assert fresh(row).citation_count == 50
    assert replays.openalex.dois_asked == ["10.1/a"]
    assert replays.crossref.dois_asked == ["10.1/a"]


def test_the_command_runs_one_named_source(lab_a, replays, capsys):
    paper(lab_a, doi="10.1/a")
    replays.crossref.works["10.1/a"] = crossref_work("10.1/a", 30)
    call_command("refresh_metadata", "--source", "crossref", "--now")
    assert "lab-a: 1 papers with an identifier, 1 fetched, 1 changed" in capsys.readouterr().out
    assert replays.openalex.requests == [] and replays.s2.requests == []


def test_the_command_enqueues_one_task_per_source(lab_a, capsys):
    from django_tasks_db.models import DBTaskResult

    call_command("refresh_metadata", "--lab", "lab-a", "--source", "all")
    tasks = DBTaskResult.objects.order_by("enqueued_at")
    assert [task.args_kwargs["args"] for task in tasks] == [
        [lab_a.id, source] for source in ("openalex", "semanticscholar", "crossref", "arxiv",
                                          "github", "orcid", "dblp", "openalex_works")]
    assert capsys.readouterr().out.count("refresh enqueued") == 8


def test_every_source_is_known_to_the_registry_and_refreshes(lab_a, replays):
    """The registry names every ``Source`` (citation sources in ``SOURCES``, the others
    routed to their own modules), and ``refresh_lab`` runs each of them."""
    assert sorted(ALL_SOURCES) == sorted(Source.values)
    for source in Source.values:
        report = refresh_lab(lab_a, source=source)
        assert (report.source, report.errors, report.skipped_reason) == (source, [], "")


def test_an_unknown_source_is_refused_with_the_known_ones(lab_a):
    with pytest.raises(ValueError, match='No source "nope". Sources: openalex, '):
        refresh_lab(lab_a, source="nope")
