"""A member's works from OpenAlex (``/works?filter=author.orcid:…`` or
``authorships.author.id:A…``, cursor-paged), against the loopback replay server in
OpenAlex's format, imported as the member's own import exactly as ORCID's and DBLP's."""

import copy
import json
from urllib.parse import parse_qs

import pytest
from django.core.management import call_command
from werkzeug.wrappers import Request, Response

from metadata.models import FoundWorks
from metadata.refresh import refresh_lab
from metadata.sources.openalex_works import author_filter
from publications.importers import parse
from publications.models import Authorship, Publication
from tests.factories import make_person, make_person_link, make_publication
from tests.metadata.replay import CountingReplay, json_response
from tests.metadata.replay_identity import AnyPath, replayed

PIWOWAR = "0000-0003-1613-5981"
AUTHOR = "A5023888391"


def work(number: int, title: str, *, year: int = 2018, doi: str = "", kind: str = "article",
         arxiv: str = "") -> dict:
    """The documented work with its authorships, re-keyed."""
    found = copy.deepcopy(replayed("openalex", "author_work.json"))
    found.update(id=f"https://openalex.org/W{number}", title=title, display_name=title,
                 publication_year=year, type=kind,
                 doi=f"https://doi.org/{doi}" if doi else None)
    found["ids"] = {"openalex": found["id"], **({"doi": found["doi"]} if doi else {})}
    if arxiv:
        found["doi"] = f"https://doi.org/10.48550/arxiv.{arxiv}"
        found["primary_location"]["source"] = {"display_name": "arXiv (Cornell University)",
                                               "type": "repository"}
    return found


class ReplayOpenAlexWorks(CountingReplay):
    """``/works?filter=…&cursor=…``: ``works`` ({filter: [work, …]}) ``per_page`` a page,
    the cursor being the next page's number; keeps each request's query."""

    def __init__(self, works: dict[str, list[dict]], per_page: int = 2):
        super().__init__()
        self.works, self.per_page = works, per_page

    def recorded(self, request: Request) -> str:
        return request.query_string.decode()

    def answer(self, request: Request) -> Response:
        query = {key: values[0] for key, values in parse_qs(request.query_string.decode()).items()}
        works = self.works.get(query.get("filter", ""), [])
        page = 0 if query.get("cursor") == "*" else int(query["cursor"])
        shown = works[page * self.per_page:(page + 1) * self.per_page]
        more = (page + 1) * self.per_page < len(works)
        answer = copy.deepcopy(replayed("openalex", "list_page_1.json"))
        answer["meta"].update(count=len(works), per_page=self.per_page,
                              next_cursor=str(page + 1) if more else None)
        answer["results"] = shown
        return json_response(answer)


THREE = [work(1, "The state of OA: a large-scale analysis of the prevalence and impact of "
                 "Open Access articles", doi="10.7717/peerj.4375"),
         work(2, "Altmetrics in the wild", year=2012, doi="10.5555/altmetrics.wild"),
         work(3, "Streaming open access", year=2023, kind="preprint", arxiv="2309.17453")]


@pytest.fixture
def apis(openalex):
    return openalex  # OpenAlex at the replay server (tests/metadata/conftest.py)


@pytest.fixture
def openalex_works(apis):
    handler = ReplayOpenAlexWorks({f"author.orcid:{PIWOWAR}": THREE,
                                   f"authorships.author.id:{AUTHOR}": THREE[:1]})
    apis.expect_request(AnyPath()).respond_with_handler(handler)
    return handler


@pytest.fixture
def piwowar(lab_a):
    person = make_person(lab=lab_a, full_name="Heather Piwowar", slug="piwowar")
    make_person_link(lab=lab_a, person=person, kind="orcid", url=f"https://orcid.org/{PIWOWAR}")
    return person


@pytest.fixture
def add_policy(monkeypatch):
    from metadata import works

    monkeypatch.setattr(works, "new_papers_policy", lambda lab: "add")


def papers(lab):
    return list(Publication.objects.for_lab(lab).order_by("title").values_list("title", flat=True))


@pytest.mark.parametrize(("value", "expected"), [
    (f"https://openalex.org/{AUTHOR}", f"authorships.author.id:{AUTHOR}"),
    (f"https://api.openalex.org/authors/{AUTHOR.lower()}", f"authorships.author.id:{AUTHOR}"),
    (f"https://orcid.org/{PIWOWAR}", f"author.orcid:{PIWOWAR}"),
    ("https://openalex.org/W2741809807", ""), ("https://example.org/A5023888391", ""),
])
def test_a_link_gives_the_works_filter(value, expected):
    assert author_filter(value) == expected


def test_openalex_works_are_read_as_import_entries():
    data = json.dumps({"meta": {"count": 3}, "results": THREE}).encode()
    result = parse(data, filename="works.json")  # recognised, not taken for gs_data.json
    assert result.format == "openalex-json" and not result.errors
    journal, _, preprint = result.entries
    assert (journal.key, journal.kind, journal.venue, journal.year, journal.doi) == (
        "W1", "journal", "PeerJ", 2018, "10.7717/peerj.4375")
    assert [a.name for a in journal.authors] == [
        "Heather Piwowar", "Jason Priem", "Stefanie Haustein"]  # authorships in order
    assert (preprint.kind, preprint.arxiv_id, preprint.doi) == ("preprint", "2309.17453", "")


@pytest.mark.parametrize("text", ['{"meta": {}, "results": [', '{"meta": {}, "results": 3}', "[]"])
def test_malformed_openalex_works_are_an_error_not_a_crash(text):
    result = parse(text.encode(), filename="works.json", format="openalex-json")
    assert not result.entries and "OpenAlex's works JSON" in result.errors[0].message


def test_works_over_two_pages_are_imported_as_the_members_own_and_a_rerun_changes_nothing(
    lab_a, piwowar, openalex_works, add_policy
):
    report = refresh_lab(lab_a, source="openalex_works")

    assert [parse_qs(query)["cursor"][0] for query in openalex_works.requests] == ["*", "1"]
    assert all(parse_qs(query)["per-page"] == ["200"] and
               parse_qs(query)["filter"] == [f"author.orcid:{PIWOWAR}"]
               for query in openalex_works.requests)
    assert report.fetched == 1 and report.papers == 3 and report.changed_papers == 3
    assert papers(lab_a) == [
        "Altmetrics in the wild", "Streaming open access",
        "The state of OA: a large-scale analysis of the prevalence and impact of Open Access "
        "articles"]
    assert Authorship.objects.for_lab(lab_a).filter(person=piwowar).count() == 3
    before = list(Publication.objects.for_lab(lab_a).values_list("pk", "updated"))

    again = refresh_lab(lab_a, source="openalex_works")

    assert again.changed_papers == 0 and again.new_papers_waiting == 0
    assert list(Publication.objects.for_lab(lab_a).values_list("pk", "updated")) == before


def test_review_keeps_new_papers_and_merges_known_ones(lab_a, piwowar, openalex_works):
    known = make_publication(lab=lab_a, title="Altmetrics in the Wild", year=2012, venue="",
                             authors=[("Heather Piwowar", piwowar)])
    report = refresh_lab(lab_a, source="openalex_works")
    assert papers(lab_a) == ["Altmetrics in the Wild"]  # the lab's title kept
    assert Publication.objects.for_lab(lab_a).get(pk=known.pk).doi == "10.5555/altmetrics.wild"
    found = FoundWorks.objects.for_lab(lab_a).get()
    assert (found.person, found.source, found.format, found.new_papers) == (
        piwowar, "openalex_works", "openalex-json", 2)
    assert report.new_papers_waiting == 2


def test_an_openalex_author_link_is_preferred_to_the_orcid_link(
    lab_a, piwowar, openalex_works, add_policy
):
    make_person_link(lab=lab_a, person=piwowar, kind="openalex",
                     url=f"https://openalex.org/{AUTHOR}")
    refresh_lab(lab_a, source="openalex_works")
    assert [parse_qs(q)["filter"][0] for q in openalex_works.requests] == [
        f"authorships.author.id:{AUTHOR}"]
    assert len(papers(lab_a)) == 1


def test_a_labmates_paper_is_never_touched_and_lab_b_never_written(
    lab_a, lab_b, piwowar, openalex_works, add_policy
):
    labmate = make_person(lab=lab_a, full_name="Jason Priem", slug="priem")
    theirs = make_publication(lab=lab_a, title="Altmetrics in the wild", year=2012, venue="",
                              doi="10.5555/altmetrics.wild", authors=[("Jason Priem", labmate)])
    refresh_lab(lab_a, source="openalex_works")
    row = Publication.objects.for_lab(lab_a).get(pk=theirs.pk)
    assert row.venue == "" and list(row.authorships.values_list("name", flat=True)) == [
        "Jason Priem"]
    assert Publication.objects.for_lab(lab_a).filter(doi="10.5555/altmetrics.wild").count() == 1
    assert papers(lab_b) == [] and not FoundWorks.objects.for_lab(lab_b).exists()


def test_429_with_retry_after_is_waited_for(lab_a, piwowar, apis, add_policy):
    handler = ReplayOpenAlexWorks({f"author.orcid:{PIWOWAR}": THREE[:1]})
    apis.expect_oneshot_request("/works").respond_with_response(
        Response("slow down", 429, headers={"Retry-After": "1"}))
    apis.expect_request(AnyPath()).respond_with_handler(handler)
    report = refresh_lab(lab_a, source="openalex_works")
    assert report.failed_batches == 0 and len(papers(lab_a)) == 1


@pytest.mark.parametrize("answer", ["{not json", '{"meta": {}, "results": 3}', "[1, 2]"])
def test_a_malformed_answer_is_a_failure_that_keeps_everything(lab_a, piwowar, apis, answer):
    mine = make_publication(lab=lab_a, title="Altmetrics in the wild", year=2012, venue="",
                            authors=[("Heather Piwowar", piwowar)])
    apis.expect_request("/works").respond_with_data(answer, content_type="application/json")
    report = refresh_lab(lab_a, source="openalex_works")
    assert report.failed_batches == 1 and report.errors[0].startswith("Heather Piwowar: ")
    assert papers(lab_a) == ["Altmetrics in the wild"]
    assert Publication.objects.for_lab(lab_a).get(pk=mine.pk).doi == ""


def test_the_command_reads_openalex_works(lab_a, piwowar, openalex_works, capsys):
    call_command("refresh_metadata", "--source", "openalex_works", "--lab", "lab-a", "--now")
    out = capsys.readouterr().out
    assert "1 fetched, 0 changed, 3 new papers wait for review" in out
    assert len(openalex_works.requests) == 2
    assert FoundWorks.objects.for_lab(lab_a).get().new_papers == 3
