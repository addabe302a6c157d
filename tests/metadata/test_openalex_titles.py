"""OpenAlex works by title and year for papers with neither DOI nor arXiv id, against the
loopback replay server in OpenAlex's format: one shared record per title key; a work is
taken only when it is surely the same paper (title key, year, first author, alone)."""

import copy
from urllib.parse import parse_qs

import pytest
from django.core.management import call_command
from werkzeug.wrappers import Request, Response

from metadata.models import CitationCount, SourceRecord
from metadata.refresh import refresh_lab
from metadata.sources.openalex_titles import title_identifier
from publications.models import Publication
from tests.factories import make_publication
from tests.metadata.replay import CountingReplay, json_response
from tests.metadata.replay_identity import AnyPath, replayed
from tests.metadata.test_openalex_works import work

TITLE = ("The state of OA: a large-scale analysis of the prevalence and impact of Open Access "
         "articles")
WORDS = ("the state of oa a large scale analysis of the prevalence and impact of open access "
         "articles")


class ReplayTitleSearch(CountingReplay):
    """``/works?filter=title.search:<words>,publication_year:<year>``: the works of
    ``works`` ({words: [work, …]}) of that year; keeps each request's filter."""

    def __init__(self, works: dict[str, list[dict]]):
        super().__init__()
        self.works = works

    def recorded(self, request: Request) -> str:
        return parse_qs(request.query_string.decode())["filter"][0]

    def answer(self, request: Request) -> Response:
        query = parse_qs(request.query_string.decode())
        search, year = query["filter"][0].removeprefix("title.search:").rsplit(
            ",publication_year:", 1)
        answer = copy.deepcopy(replayed("openalex", "list_page_1.json"))
        answer["results"] = [found for found in self.works.get(search, [])
                             if found["publication_year"] == int(year)][:int(query["per-page"][0])]
        answer["meta"].update(count=len(answer["results"]), next_cursor=None)
        return json_response(answer)


def documented(**changes) -> dict:
    found = work(2741809807, TITLE, doi="10.7717/peerj.4375")
    found.update(changes)
    return found


@pytest.fixture
def apis(openalex):
    return openalex  # OpenAlex at the replay server (tests/metadata/conftest.py)


def serve(apis, works):
    handler = ReplayTitleSearch(works)
    apis.expect_request(AnyPath()).respond_with_handler(handler)
    return handler


def untitled_paper(lab, title=TITLE, year=2018, authors=(("Heather Piwowar", None),), **fields):
    return make_publication(lab=lab, title=title, year=year, doi="", arxiv_id="",
                            authors=list(authors), **fields)


def test_a_title_match_gives_the_count_and_the_missing_doi(lab_a, apis):
    handler = serve(apis, {WORDS: [documented()]})
    paper = untitled_paper(lab_a, title=TITLE.upper())  # case and punctuation do not matter
    report = refresh_lab(lab_a, source="openalex")
    # Commas and the colon are gone from the filter value: only its own "," separates.
    assert handler.requests == [f"title.search:{WORDS},publication_year:2018"]
    row = Publication.objects.for_lab(lab_a).get(pk=paper.pk)
    assert (row.doi, row.citation_count) == ("10.7717/peerj.4375", 1182)
    assert report.changed_papers == 1
    assert CitationCount.objects.for_lab(lab_a).get().count == 1182
    record = SourceRecord.objects.get(kind="title")
    assert record.value == f"2018|piwowar|{WORDS}"


def test_a_title_with_commas_and_pipes_is_searched_without_them(lab_a, apis):
    title = "Cats, dogs | and birds: a study"
    handler = serve(apis, {"cats dogs and birds a study": [documented(
        title=title, display_name=title)]})
    paper = untitled_paper(lab_a, title=title)
    refresh_lab(lab_a, source="openalex")
    assert handler.requests == ["title.search:cats dogs and birds a study,publication_year:2018"]
    assert Publication.objects.for_lab(lab_a).get(pk=paper.pk).doi == "10.7717/peerj.4375"


@pytest.mark.parametrize(("works", "why"), [
    ([documented(publication_year=2017)], "another year"),
    ([documented(title="The state of OA", display_name="The state of OA")], "another title"),
    ([documented(authorships=work(1, TITLE)["authorships"][1:])], "another first author"),
    ([documented(), documented(id="https://openalex.org/W2", doi="https://doi.org/10.5555/x")],
     "two candidates"),
])
def test_a_near_miss_changes_nothing(lab_a, apis, works, why):
    serve(apis, {WORDS: works})
    paper = untitled_paper(lab_a)
    report = refresh_lab(lab_a, source="openalex")
    row = Publication.objects.for_lab(lab_a).get(pk=paper.pk)
    assert (row.doi, report.changed_papers) == ("", 0), why
    assert not CitationCount.objects.for_lab(lab_a).exists()


def test_a_preprint_never_takes_the_doi_and_another_papers_doi_is_never_given(lab_a, apis):
    serve(apis, {WORDS: [documented()]})
    preprint = untitled_paper(lab_a, kind="preprint")
    refresh_lab(lab_a, source="openalex")
    row = Publication.objects.for_lab(lab_a).get(pk=preprint.pk)
    assert row.doi == "" and row.citation_count == 1182  # its count, not the venue's DOI


def test_labs_share_the_record_and_each_refresh_writes_only_its_lab(lab_a, lab_b, apis):
    handler = serve(apis, {WORDS: [documented()]})
    mine, theirs = untitled_paper(lab_a), untitled_paper(lab_b)
    make_publication(lab=lab_b, title="Other", doi="10.7717/peerj.4375")  # lab B has the DOI
    refresh_lab(lab_a, source="openalex")
    assert Publication.objects.for_lab(lab_a).get(pk=mine.pk).doi == "10.7717/peerj.4375"
    assert Publication.objects.for_lab(lab_b).get(pk=theirs.pk).citation_count is None

    refresh_lab(lab_b, source="openalex")

    titles = [asked for asked in handler.requests if asked.startswith("title.search:")]
    assert len(titles) == 1 and SourceRecord.objects.filter(kind="title").count() == 1
    row = Publication.objects.for_lab(lab_b).get(pk=theirs.pk)
    assert (row.doi, row.citation_count) == ("", 1182)  # lab B's other paper has that DOI


def test_a_rerun_changes_nothing_and_lookups_are_capped(lab_a, apis, settings):
    handler = serve(apis, {WORDS: [documented()]})
    untitled_paper(lab_a)
    for number in range(3):
        untitled_paper(lab_a, title=f"Unknown paper {number}")
    untitled_paper(lab_a, title="x" * 300)  # too long a title is not looked up
    settings.LABSITE_OPENALEX_TITLE_LOOKUPS = 3
    refresh_lab(lab_a, source="openalex")
    assert len(handler.requests) == 3
    assert refresh_lab(lab_a, source="openalex").changed_papers == 0


def test_429_is_waited_for_and_malformed_json_keeps_everything(lab_a, apis):
    paper = untitled_paper(lab_a)
    apis.expect_oneshot_request("/works").respond_with_response(
        Response("slow down", 429, headers={"Retry-After": "1"}))
    apis.expect_oneshot_request("/works").respond_with_data("{not json")
    report = refresh_lab(lab_a, source="openalex")
    assert report.failed_batches == 1 and Publication.objects.for_lab(lab_a).get(
        pk=paper.pk).doi == ""
    serve(apis, {WORDS: [documented()]})
    refresh_lab(lab_a, source="openalex")
    assert Publication.objects.for_lab(lab_a).get(pk=paper.pk).doi == "10.7717/peerj.4375"


def test_the_command_looks_titles_up_inside_openalex(lab_a, apis, capsys):
    handler = serve(apis, {WORDS: [documented()]})
    paper = untitled_paper(lab_a)
    call_command("refresh_metadata", "--source", "openalex", "--lab", "lab-a", "--now")
    assert "1 changed" in capsys.readouterr().out and len(handler.requests) == 1
    assert Publication.objects.for_lab(lab_a).get(pk=paper.pk).doi == "10.7717/peerj.4375"


def test_a_paper_without_year_or_title_has_no_title_key():
    assert title_identifier(TITLE, None, "Heather Piwowar") is None
    assert title_identifier("", 2018, "") is None
    assert title_identifier(TITLE, 2018, "").value == f"2018||{WORDS}"
