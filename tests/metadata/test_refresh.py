"""A lab's refresh against the replay server: counts and identifiers applied, edits kept,
one fetch per identifier across labs, idempotent, tenancy, and the circuit breaker."""

import datetime
import re

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from labsite import versions
from metadata import apply as metadata_apply
from metadata.models import CitationCount, SourceRecord, SourceStatus
from metadata.refresh import refresh_lab
from publications.imports.edits import record_edited_fields
from publications.models import Publication
from tests.factories import make_publication
from tests.metadata.replay import ReplayOpenAlex, replayed, work_for


@pytest.fixture
def replay(openalex):
    works = {
        "10.7717/peerj.4375": replayed("work_W2741809807.json"),
        "10.48550/arxiv.2309.17453": replayed("work_arxiv.json"),
        "10.1000/shared": work_for("10.1000/shared", 12),
    }
    handler = ReplayOpenAlex(works)
    openalex.expect_request("/works").respond_with_handler(handler)
    openalex.expect_request(re.compile(r"^/works/https://doi\.org/.+")).respond_with_handler(
        handler)
    return handler


def paper(lab, **fields):
    return Publication.objects.for_lab(lab).get(pk=make_publication(lab=lab, **fields).pk)


def fresh(row):
    return Publication.objects.for_lab(row.lab).get(pk=row.pk)


@pytest.fixture
def bumps(count_bumps):
    return count_bumps(metadata_apply)


def test_counts_and_a_missing_doi_are_applied_with_their_date(lab_a, replay, bumps):
    doi_paper = paper(lab_a, doi="https://doi.org/10.7717/PEERJ.4375")
    preprint = paper(lab_a, arxiv_id="2309.17453")
    no_ids = paper(lab_a)
    version = versions.lab_version(lab_a.id)

    report = refresh_lab(lab_a)

    today = timezone.now().date()
    assert (fresh(doi_paper).citation_count, fresh(doi_paper).citations_read_on) == (747, today)
    assert fresh(preprint).citation_count == 120
    assert fresh(preprint).doi == ""  # arXiv's own DOI is not the paper's published DOI
    assert fresh(no_ids).citation_count is None
    counts = CitationCount.objects.for_lab(lab_a).order_by("count")
    assert [(c.publication_id, c.source, c.count, c.read_on) for c in counts] == [
        (preprint.pk, "openalex", 120, today), (doi_paper.pk, "openalex", 747, today)]
    # The paper without ids was asked by title too (tests/metadata/test_openalex_titles.py).
    assert report.changed_papers == 2 and report.fetched == 3
    assert bumps == [lab_a.id]
    assert versions.lab_version(lab_a.id) != version


def test_an_arxiv_id_is_filled_only_when_empty(lab_a, replay, openalex):
    replay.works["10.1000/has-arxiv"] = {
        **work_for("10.1000/has-arxiv", 5),
        "locations": [{"landing_page_url": "https://arxiv.org/abs/2401.00001v2"}]}
    empty = paper(lab_a, doi="10.1000/has-arxiv")
    refresh_lab(lab_a)
    assert fresh(empty).arxiv_id == "2401.00001"


def test_a_field_edited_in_admin_is_never_overwritten(lab_a, replay):
    edited = paper(lab_a, doi="10.7717/peerj.4375", citation_count=9999)
    record_edited_fields(edited, ["citation_count", "arxiv_id"])
    edited.save()
    refresh_lab(lab_a)
    assert fresh(edited).citation_count == 9999
    # The source's count is still recorded, with its date, for admin to show.
    assert CitationCount.objects.for_lab(lab_a).get(publication=edited).count == 747


def test_a_second_refresh_fetches_and_changes_nothing(lab_a, replay, bumps):
    paper(lab_a, doi="10.7717/peerj.4375")
    refresh_lab(lab_a)
    requests, updated = len(replay.requests), set(
        Publication.objects.for_lab(lab_a).values_list("updated", flat=True))
    report = refresh_lab(lab_a)
    assert report.changed_papers == 0 and report.fetched == 0
    assert len(replay.requests) == requests
    assert set(Publication.objects.for_lab(lab_a).values_list("updated", flat=True)) == updated
    assert bumps == [lab_a.id]


def test_a_paper_two_labs_share_is_fetched_once_and_each_lab_gets_its_own(
    lab_a, lab_b, replay
):
    mine = paper(lab_a, doi="10.1000/shared")
    theirs = paper(lab_b, doi="10.1000/shared", citation_count=3)
    refresh_lab(lab_a)
    assert fresh(theirs).citation_count == 3  # lab A's refresh never touches lab B
    assert not CitationCount.objects.for_lab(lab_b).exists()
    assert list(CitationCount.objects.values_list("lab_id", "publication_id")) == [
        (lab_a.id, mine.pk)]  # no row of lab A's refresh points at lab B's paper
    refresh_lab(lab_b)
    assert replay.dois_asked.count("10.1000/shared") == 1
    assert "10.1000/shared" not in replay.dois_asked_alone
    assert fresh(mine).citation_count == fresh(theirs).citation_count == 12
    assert SourceRecord.objects.filter(value="10.1000/shared").count() == 1


def test_a_doi_another_paper_of_the_lab_has_is_not_given_twice(lab_a, replay):
    replay.works["10.48550/arxiv.2309.17453"] = {
        **replayed("work_arxiv.json"), "doi": "https://doi.org/10.7717/peerj.4375"}
    paper(lab_a, doi="10.7717/peerj.4375")
    preprint = paper(lab_a, arxiv_id="2309.17453")
    refresh_lab(lab_a)
    assert fresh(preprint).doi == ""


def test_an_unknown_doi_is_remembered_and_changes_nothing(lab_a, replay):
    unknown = paper(lab_a, doi="10.1000/unknown", citation_count=4)
    refresh_lab(lab_a)
    assert fresh(unknown).citation_count == 4
    assert SourceRecord.objects.get(value="10.1000/unknown").status == "not_found"


def test_dry_run_writes_nothing(lab_a, replay):
    row = paper(lab_a, doi="10.7717/peerj.4375")
    report = refresh_lab(lab_a, dry_run=True)
    assert report.changed_papers == 0 or fresh(row).citation_count is None
    assert fresh(row).citation_count is None
    assert not SourceRecord.objects.exists()
    assert not CitationCount.objects.for_lab(lab_a).exists()


def test_the_breaker_opens_after_failures_and_old_values_stay(lab_a, openalex, settings):
    settings.LABSITE_METADATA_RETRIES = 0
    settings.LABSITE_METADATA_BREAKER_FAILURES = 2
    settings.LABSITE_METADATA_CONCURRENCY = 1
    openalex.expect_request("/works").respond_with_data("down", status=503)
    rows = [paper(lab_a, doi=f"10.1000/p{n}", citation_count=n) for n in range(150)]

    report = refresh_lab(lab_a)

    status = SourceStatus.objects.get(source="openalex")
    assert status.consecutive_failures == 2 and status.open_until > timezone.now()
    assert "HTTP 503" in status.last_error and status.last_success is None
    assert report.failed_batches == 2  # the third batch was never sent
    assert len(openalex.log) == 2
    assert [fresh(row).citation_count for row in rows] == list(range(150))
    # While it is open, no call at all; a refresh still applies what is known.
    assert refresh_lab(lab_a).skipped_reason
    assert len(openalex.log) == 2


def test_the_breaker_closes_after_a_success(lab_a, replay):
    SourceStatus.objects.create(
        source="openalex", consecutive_failures=7,
        open_until=timezone.now() - datetime.timedelta(seconds=1))
    paper(lab_a, doi="10.7717/peerj.4375")
    refresh_lab(lab_a)
    status = SourceStatus.objects.get(source="openalex")
    assert status.consecutive_failures == 0 and status.open_until is None
    assert status.last_success is not None


def test_the_command_runs_now_and_says_what_changed(lab_a, lab_b, replay, capsys):
    row = paper(lab_a, doi="10.7717/peerj.4375")
    other = paper(lab_b, doi="10.7717/peerj.4375")
    call_command("refresh_metadata", "--lab", "lab-a", "--now")
    assert "lab-a: 1 papers with an identifier, 1 fetched, 1 changed" in capsys.readouterr().out
    assert fresh(row).citation_count == 747
    assert fresh(other).citation_count is None


def test_the_command_dry_run_says_what_would_change(lab_a, replay, capsys):
    row = paper(lab_a, doi="10.7717/peerj.4375")
    call_command("refresh_metadata", "--dry-run")
    assert "lab-a: 1 papers with an identifier, 1 fetched, 0 would change" in (
        capsys.readouterr().out)
    assert fresh(row).citation_count is None


def test_the_command_names_an_unknown_lab(lab_a):
    with pytest.raises(CommandError, match='No lab "nope". Labs: lab-a.'):
        call_command("refresh_metadata", "--lab", "nope")


def test_the_command_enqueues_for_the_worker(lab_a, capsys):
    from django_tasks_db.models import DBTaskResult

    call_command("refresh_metadata", "--lab", "lab-a")
    assert "lab-a: refresh enqueued" in capsys.readouterr().out
    task = DBTaskResult.objects.get()
    assert task.task_path == "metadata.tasks.refresh_lab" and task.args_kwargs["args"][0] == (
        lab_a.id)
