"""Crossref, Semantic Scholar and arXiv read from their documented answers on the replay
server: what each gives, and how each fails (429 with Retry-After, 500, a time-out,
malformed answers, a moved DOI, arXiv's error entry and paging, hostile XML)."""

import json
import re
import time

import pytest
from werkzeug.wrappers import Response

from metadata.http import FetchFailed
from metadata.sources import SOURCES, arxiv, crossref, semanticscholar
from metadata.sources.facts import Identifier
from tests.metadata.replay_sources import (
    ReplayArxiv,
    ReplayCrossref,
    ReplaySemanticScholar,
    arxiv_entry,
    arxiv_feed,
    replayed,
    s2_paper,
)

DOI = Identifier("doi", "10.1037/0003-066x.59.1.29")
PREPRINT_DOI = Identifier("doi", "10.1101/574129")
S2_WORKS = re.compile(r"^/s2/graph/v1/paper/batch$")


def test_every_source_is_registered_with_what_it_looks_up():
    assert {name: spec.kinds for name, spec in SOURCES.items()} == {
        "openalex": ("doi",), "semanticscholar": ("doi", "arxiv"), "crossref": ("doi",),
        "arxiv": ("arxiv",)}
    assert SOURCES["semanticscholar"].key("", "arXiv:2309.17453v2") == ("arxiv", "2309.17453")
    assert SOURCES["semanticscholar"].key("10.48550/arXiv.2309.17453", "") == (
        "arxiv", "2309.17453")
    assert SOURCES["openalex"].key("", "2309.17453") == ("doi", "10.48550/arxiv.2309.17453")
    # arXiv's DOIs are DataCite's: Crossref is never asked about them.
    assert SOURCES["crossref"].key("10.48550/arXiv.2309.17453", "") is None
    assert SOURCES["arxiv"].key("10.1/x", "") is None


# --- Crossref ------------------------------------------------------------------------------

def test_crossref_reads_the_documented_work(sources):
    handler = ReplayCrossref({DOI.value: replayed("crossref", "work_journal.json")})
    sources.expect_request(re.compile("^/crossref/works/.+")).respond_with_handler(handler)
    facts = crossref.fetch_batch([DOI])[DOI]
    assert (facts.cited_by_count, facts.doi, facts.venue, facts.venue_year, facts.venue_kind) == (
        84, "10.1037/0003-066x.59.1.29", "American Psychologist", 2004, "journal")
    assert facts.venue_title == "How the Mind Hurts and Heals the Body."
    # The polite pool: mailto in the query and the User-Agent.
    assert "mailto=webmaster%40example.org" in handler.requests[0]
    assert "mailto:webmaster@example.org" in handler.user_agents.pop()


def test_crossref_follows_a_preprint_to_its_published_version(sources):
    handler = ReplayCrossref({PREPRINT_DOI.value: replayed("crossref", "work_preprint.json"),
                              DOI.value: replayed("crossref", "work_journal.json")})
    sources.expect_request(re.compile("^/crossref/works/.+")).respond_with_handler(handler)
    facts = crossref.fetch_batch([PREPRINT_DOI])[PREPRINT_DOI]
    assert facts.doi == "10.1101/574129" and facts.cited_by_count == 3
    assert (facts.venue_doi, facts.venue, facts.venue_year) == (
        "10.1037/0003-066x.59.1.29", "American Psychologist", 2004)
    assert handler.dois_asked == ["10.1101/574129", "10.1037/0003-066x.59.1.29"]


def test_crossref_unknown_doi_is_none_and_a_moved_one_is_followed(sources):
    sources.expect_request("/crossref/works/10.1/old").respond_with_response(
        Response("", 301, headers={"Location": "/crossref/works/10.1037/0003-066X.59.1.29"}))
    handler = ReplayCrossref({DOI.value: replayed("crossref", "work_journal.json")})
    sources.expect_request(re.compile("^/crossref/works/.+")).respond_with_handler(handler)
    found = crossref.fetch_batch([Identifier("doi", "10.1/old"), Identifier("doi", "10.1/none")])
    assert found[("doi", "10.1/old")].doi == DOI.value  # the DOI it is now known by
    assert found[("doi", "10.1/none")] is None


def test_crossref_waits_as_a_429_says_then_reads(sources):
    sources.expect_ordered_request(re.compile("^/crossref/works/.+")).respond_with_response(
        Response("slow down", 429, headers={"Retry-After": "1"}))
    sources.expect_ordered_request(re.compile("^/crossref/works/.+")).respond_with_json(
        replayed("crossref", "work_journal.json"))
    started = time.monotonic()
    assert crossref.fetch_batch([DOI])[DOI].cited_by_count == 84
    assert time.monotonic() - started >= 1


@pytest.mark.parametrize("answer", [
    Response("down", 500), Response("{not json", 200, content_type="application/json"),
    Response(json.dumps({"status": "ok", "message-type": "work-list", "message": {}}), 200),
])
def test_crossref_failures_are_fetch_failures(sources, settings, answer):
    settings.LABSITE_METADATA_RETRIES = 1
    sources.expect_request(re.compile("^/crossref/works/.+")).respond_with_response(answer)
    with pytest.raises(FetchFailed):
        crossref.fetch_batch([DOI])


def test_a_source_that_does_not_answer_in_time_is_a_failure(sources, settings):
    settings.LABSITE_METADATA_TIMEOUT = 0.3
    settings.LABSITE_METADATA_RETRIES = 0

    def slow(request):
        time.sleep(1)
        return Response("late", 200)

    sources.expect_request(re.compile("^/crossref/works/.+")).respond_with_handler(slow)
    with pytest.raises(FetchFailed, match="no answer in time"):
        crossref.fetch_batch([DOI])


# --- Semantic Scholar ---------------------------------------------------------------------

def test_semantic_scholar_reads_a_documented_batch_in_order(sources):
    handler = ReplaySemanticScholar()
    sources.expect_request(S2_WORKS, method="POST").respond_with_response(
        Response(json.dumps(replayed("semanticscholar", "batch.json")), 200))
    sources.expect_request(S2_WORKS, method="POST").respond_with_handler(handler)
    keys = [Identifier("arxiv", "1805.02262"), Identifier("doi", "10.1/unknown")]
    found = semanticscholar.fetch_batch(keys)
    facts = found[keys[0]]
    assert (facts.cited_by_count, facts.doi, facts.arxiv_id) == (
        453, "10.18653/v1/n18-3011", "1805.02262")
    assert facts.venue == "North American Chapter of the Association for Computational Linguistics"
    assert (facts.venue_year, facts.venue_kind, facts.venue_doi) == (
        2018, "conference", "10.18653/v1/n18-3011")
    assert found[keys[1]] is None


def test_semantic_scholar_is_asked_by_prefixed_ids_with_its_key_only_when_set(sources, settings):
    handler = ReplaySemanticScholar({"ARXIV:2309.17453": replayed(
        "semanticscholar", "paper_preprint_only.json")})
    sources.expect_request(S2_WORKS, method="POST").respond_with_handler(handler)
    key = Identifier("arxiv", "2309.17453")
    facts = semanticscholar.fetch_batch([key, Identifier("doi", "10.1/x")])[key]
    assert handler.ids_asked == ["ARXIV:2309.17453", "DOI:10.1/x"]
    assert "fields=paperId" in handler.requests[0] and "mailto" not in handler.requests[0]
    assert "X-Api-Key" not in handler.headers[0]
    # A paper known only as its preprint has no venue version.
    assert facts.cited_by_count == 131 and facts.venue == "" and facts.venue_doi == ""
    settings.LABSITE_SEMANTICSCHOLAR_API_KEY = "s2-secret"
    semanticscholar.fetch_batch([key])
    assert handler.headers[1]["X-Api-Key"] == "s2-secret"


def test_semantic_scholar_calls_keep_the_minimum_interval(sources, settings):
    settings.LABSITE_METADATA_MIN_INTERVALS = {"semanticscholar": 0.3}
    settings.LABSITE_METADATA_CONCURRENCY = 4
    handler = ReplaySemanticScholar()
    sources.expect_request(S2_WORKS, method="POST").respond_with_handler(handler)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(semanticscholar.fetch_batch,
                      [[Identifier("doi", f"10.1/{n}")] for n in range(4)]))
    started = sorted(handler.started)
    gaps = [later - earlier for earlier, later in zip(started, started[1:], strict=False)]
    # Unspaced, four threads would arrive together (gaps near 0). The server sees each call
    # a scheduler's jitter after it was let go (tens of ms on a loaded 2-core CI machine),
    # which moves single gaps both ways but the whole span only by the first call's delay:
    # three intervals are at least 0.9 s apart at departure (the limiter's own spacing is
    # tested exactly in tests/metadata/test_http.py).
    assert len(started) == 4, started
    assert min(gaps) >= 0.15, gaps
    assert started[-1] - started[0] >= 0.8, gaps


@pytest.mark.parametrize("answer", [
    Response("[null]", 200), Response('{"error": "x"}', 200), Response("<html>", 200),
    Response("bad request", 400),
])
def test_semantic_scholar_failures_are_fetch_failures(sources, answer):
    sources.expect_request(S2_WORKS, method="POST").respond_with_response(answer)
    with pytest.raises(FetchFailed):
        semanticscholar.fetch_batch([Identifier("doi", "10.1/a"), Identifier("doi", "10.1/b")])


def test_semantic_scholar_429_is_retried_after_the_wait_it_names(sources):
    sources.expect_ordered_request(S2_WORKS, method="POST").respond_with_response(
        Response("Too Many Requests", 429, headers={"Retry-After": "1"}))
    sources.expect_ordered_request(S2_WORKS, method="POST").respond_with_json(
        [s2_paper(7, doi="10.1/a")])
    started = time.monotonic()
    assert semanticscholar.fetch_batch([Identifier("doi", "10.1/a")])[
        ("doi", "10.1/a")].cited_by_count == 7
    assert time.monotonic() - started >= 1


# --- arXiv --------------------------------------------------------------------------------

def test_arxiv_reads_the_manuals_entry(sources):
    sources.expect_request("/arxiv/api/query").respond_with_data(
        replayed("arxiv", "feed_journal_ref.xml"), content_type="application/atom+xml")
    key = Identifier("arxiv", "cond-mat/0102536")
    facts = arxiv.fetch_batch([key])[key]
    assert (facts.source_id, facts.arxiv_id, facts.cited_by_count) == (
        "cond-mat/0102536v1", "cond-mat/0102536", None)
    assert (facts.venue, facts.venue_year, facts.venue_doi, facts.venue_kind) == (
        "J. Chem. Phys. 115, 1626 (2001)", 2001, "10.1063/1.1383585", "journal")
    assert sources.log[0][0].args["max_results"] == "1"


def test_arxiv_asks_id_by_id_when_one_id_is_refused(sources):
    handler = ReplayArxiv({"2401.00001": arxiv_entry("2401.00001", journal_ref="NeurIPS 2024")})
    sources.expect_request("/arxiv/api/query").respond_with_handler(handler)
    keys = [Identifier("arxiv", "2401.00001"), Identifier("arxiv", "bad-id"),
            Identifier("arxiv", "2401.99999")]
    found = arxiv.fetch_batch(keys)
    assert found[keys[0]].venue == "NeurIPS 2024" and found[keys[1]] is None
    assert found[keys[2]] is None
    assert handler.ids_asked.count("2401.00001") == 2  # the batch, then alone


def test_arxiv_follows_its_pages(sources):
    entries = [arxiv_entry(f"2401.0000{n}") for n in range(3)]
    sources.expect_ordered_request("/arxiv/api/query").respond_with_data(
        arxiv_feed(entries[:2], total=3))
    sources.expect_ordered_request("/arxiv/api/query").respond_with_data(
        arxiv_feed(entries[2:], total=3))
    found = arxiv.fetch_batch([Identifier("arxiv", f"2401.0000{n}") for n in range(3)])
    assert all(found.values()) and len(sources.log) == 2
    assert [request.args["start"] for request, _ in sources.log] == ["0", "2"]


@pytest.mark.parametrize("body", [
    b'<?xml version="1.0"?><!DOCTYPE f [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    b'<feed xmlns="http://www.w3.org/2005/Atom"><title>&b;</title></feed>',
    b"<feed><entry>", b"<html>not atom</html>",
])
def test_hostile_or_malformed_xml_is_a_failure(sources, body):
    sources.expect_request("/arxiv/api/query").respond_with_data(body)
    with pytest.raises(FetchFailed):
        arxiv.fetch_batch([Identifier("arxiv", "2401.00001")])


def test_an_oversized_answer_is_a_failure(sources, settings):
    settings.LABSITE_METADATA_MAX_RESPONSE_BYTES = 1000
    big = arxiv_feed([arxiv_entry("2401.00001", title="x" * 2000)])
    sources.expect_request("/arxiv/api/query").respond_with_data(big)
    with pytest.raises(FetchFailed, match="over 1000 bytes"):
        arxiv.fetch_batch([Identifier("arxiv", "2401.00001")])
