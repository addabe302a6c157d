"""A 5,000-paper lab against the replay server, from one source and from two: bounded
time and memory, never more simultaneous requests than the cap, no identifier fetched
twice, idempotent."""

import re
import time
import tracemalloc

import pytest

from metadata.models import CitationCount
from metadata.refresh import refresh_lab
from publications.models import Publication
from tests.factories import make_publication
from tests.metadata.replay import ReplayOpenAlex, work_for
from tests.metadata.replay_sources import ReplaySemanticScholar, s2_paper

PAPERS = 5000
SHARED = 500


def add_papers(lab, dois):
    Publication.objects.bulk_create(
        [make_publication.build(lab=lab, doi=doi) for doi in dois], batch_size=1000)


@pytest.fixture
def big_replay(openalex, settings):
    settings.LABSITE_METADATA_CONCURRENCY = 3
    dois = [f"10.5555/bench.{n}" for n in range(PAPERS)]
    # Every tenth DOI is unknown to OpenAlex and asked alone (the moved-work path).
    handler = ReplayOpenAlex(
        {doi: work_for(doi, n) for n, doi in enumerate(dois) if n % 10}, delay=0.01)
    openalex.expect_request("/works").respond_with_handler(handler)
    openalex.expect_request(re.compile(r"^/works/https://doi\.org/.+")).respond_with_handler(
        handler)
    return handler, dois


def test_a_5000_paper_lab_is_refreshed_within_bounds(lab_a, lab_b, big_replay):
    handler, dois = big_replay
    add_papers(lab_a, dois)
    add_papers(lab_b, dois[:SHARED] + [f"10.5555/b-only.{n}" for n in range(100)])

    tracemalloc.start()
    started = time.monotonic()
    report = refresh_lab(lab_a)
    seconds = time.monotonic() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    assert report.papers == PAPERS and report.failed_batches == 0
    assert report.changed_papers == PAPERS - PAPERS // 10
    assert seconds < 90, seconds
    assert peak < 60 * 1024 * 1024, peak
    assert 2 <= handler.max_in_flight <= 3  # concurrent, never over the cap
    assert CitationCount.objects.for_lab(lab_a).count() == PAPERS - PAPERS // 10

    refresh_lab(lab_b)  # shares 500 DOIs with lab A: only its own 100 are fetched
    assert len(handler.dois_asked) == len(set(handler.dois_asked)) == PAPERS + 100
    # Those a batch did not return are asked alone, once: lab A's 500, lab B's own 100.
    assert len(handler.dois_asked_alone) == len(set(handler.dois_asked_alone)) == 600
    assert not CitationCount.objects.for_lab(lab_b).filter(
        publication__doi__startswith="10.5555/b-only").exists()

    requests = len(handler.requests)
    again = refresh_lab(lab_a)
    assert again.changed_papers == 0 and again.fetched == 0
    assert len(handler.requests) == requests


def test_a_5000_paper_lab_is_refreshed_from_two_sources_within_bounds(
    lab_a, lab_b, big_replay, sources, settings
):
    """OpenAlex then Semantic Scholar (batches of 500, spaced): each source's calls stay
    under the cap, no identifier is asked twice of a source, the shown count follows the
    priority, and a second run asks nothing."""
    settings.LABSITE_METADATA_MIN_INTERVALS = {"semanticscholar": 0.01}
    openalex, dois = big_replay
    s2 = ReplaySemanticScholar(
        {f"DOI:{doi}": s2_paper(n + 1, doi=doi) for n, doi in enumerate(dois)}, delay=0.2)
    sources.expect_request("/s2/graph/v1/paper/batch", method="POST").respond_with_handler(s2)
    add_papers(lab_a, dois)
    add_papers(lab_b, dois[:SHARED] + [f"10.5555/b-only.{n}" for n in range(100)])

    started = time.monotonic()
    reports = [refresh_lab(lab_a, source=name) for name in ("openalex", "semanticscholar")]
    seconds = time.monotonic() - started

    assert [report.failed_batches for report in reports] == [0, 0]
    assert reports[1].fetched == PAPERS and seconds < 120, seconds
    assert 2 <= openalex.max_in_flight <= 3 and 2 <= s2.max_in_flight <= 3
    assert len(s2.requests) == PAPERS // 500
    counts = CitationCount.objects.for_lab(lab_a)
    assert counts.filter(source="semanticscholar").count() == PAPERS
    assert counts.filter(source="openalex").count() == PAPERS - PAPERS // 10
    # OpenAlex's count is shown where it has one; Semantic Scholar's where it has not.
    shown = dict(Publication.objects.for_lab(lab_a).values_list("doi", "citation_count"))
    assert shown["10.5555/bench.1"] == 1 and shown["10.5555/bench.10"] == 11

    for name in ("openalex", "semanticscholar"):
        refresh_lab(lab_b, source=name)
    assert len(s2.ids_asked) == len(set(s2.ids_asked)) == PAPERS + 100
    assert len(openalex.dois_asked) == len(set(openalex.dois_asked)) == PAPERS + 100

    requests = len(openalex.requests) + len(s2.requests)
    again = [refresh_lab(lab_a, source=name) for name in ("openalex", "semanticscholar")]
    assert [(r.changed_papers, r.fetched) for r in again] == [(0, 0), (0, 0)]
    assert len(openalex.requests) + len(s2.requests) == requests
