"""Reading OpenAlex's documented answers: a work, a list with cursor paging, a work that
moved to another id."""

import pytest
from werkzeug.wrappers import Response

from metadata.http import FetchFailed
from metadata.sources import openalex
from tests.metadata.replay import json_response, replayed, work_for


def test_the_documented_work_object_is_read():
    facts = openalex.parse_work(replayed("work_W2741809807.json"))
    assert facts == openalex.WorkFacts(
        openalex_id="W2741809807", doi="10.7717/peerj.4375", arxiv_id="", cited_by_count=747
    )


def test_an_arxiv_work_gives_its_arxiv_id():
    facts = openalex.parse_work(replayed("work_arxiv.json"))
    assert facts.arxiv_id == "2309.17453"
    assert facts.cited_by_count == 120


@pytest.mark.parametrize("work", [[], {"doi": "x"}, {"id": 3}, "W1"])
def test_something_that_is_not_a_work_is_a_failure(work):
    with pytest.raises(FetchFailed):
        openalex.parse_work(work)


def test_a_nonsense_count_is_no_count():
    work = {**replayed("work_W2741809807.json"), "cited_by_count": "many"}
    assert openalex.parse_work(work).cited_by_count is None


def test_a_batch_follows_the_cursor_to_the_last_page(openalex_server):
    page_1 = replayed("list_page_1.json")
    page_1["results"] = [replayed("work_W2741809807.json")]
    page_2 = replayed("list_page_2.json")
    page_2["results"] = [replayed("work_arxiv.json")]
    cursor = page_1["meta"]["next_cursor"]
    openalex_server.expect_ordered_request(
        "/works", query_string={"filter": "doi:10.7717/peerj.4375|10.48550/arxiv.2309.17453",
                                "per-page": "50", "cursor": "*",
                                "mailto": "webmaster@example.org"}).respond_with_json(page_1)
    openalex_server.expect_ordered_request("/works").respond_with_json(page_2)
    found = openalex.fetch_batch(["10.7717/peerj.4375", "10.48550/arxiv.2309.17453"])
    assert found["10.7717/peerj.4375"].cited_by_count == 747
    assert found["10.48550/arxiv.2309.17453"].arxiv_id == "2309.17453"
    assert openalex_server.log[1][0].args["cursor"] == cursor


def test_a_work_that_moved_is_followed_to_its_new_id(openalex_server):
    """A batch does not list a merged work under the old DOI; asked alone, OpenAlex
    redirects to the work it was merged into."""
    empty = replayed("list_page_2.json")
    openalex_server.expect_request("/works").respond_with_json(empty)
    openalex_server.expect_request("/works/https://doi.org/10.1000/old").respond_with_response(
        Response("", 301, headers={"Location": "/works/W999"}))
    openalex_server.expect_request("/works/W999").respond_with_response(
        json_response(work_for("10.1000/new", 42, openalex_id="W999")))
    found = openalex.fetch_batch(["10.1000/old"])
    assert found["10.1000/old"].openalex_id == "W999"
    assert found["10.1000/old"].cited_by_count == 42


def test_an_unknown_doi_is_none(openalex_server):
    openalex_server.expect_request("/works").respond_with_json(replayed("list_page_2.json"))
    openalex_server.expect_request("/works/https://doi.org/10.1000/nope").respond_with_data(
        "{}", status=404)
    assert openalex.fetch_batch(["10.1000/nope"]) == {"10.1000/nope": None}


def test_endless_paging_is_a_failure(openalex_server):
    page = replayed("list_page_1.json")
    page["results"] = [replayed("work_W2741809807.json")]
    openalex_server.expect_request("/works").respond_with_json(page)
    with pytest.raises(FetchFailed, match="paged over"):
        openalex.fetch_batch(["10.7717/peerj.4375"])
    assert len(openalex_server.log) == openalex.MAX_PAGES


@pytest.mark.parametrize("value, doi", [
    ("https://doi.org/10.7717/PeerJ.4375", "10.7717/peerj.4375"),
    ("doi:10.1/X", "10.1/x"), (" 10.1/y ", "10.1/y"), ("", ""),
])
def test_dois_are_normalised(value, doi):
    assert openalex.normalise_doi(value) == doi
