"""A member's works from ORCID (public API v3.0) and DBLP (a person's BibTeX), against the
loopback replay server in each API's format, through the publication import as the
member's own import: new papers reviewed (default), added or left out by the lab's choice;
the lab's papers merged, never duplicated; a labmate's paper never touched; errors keep
everything; re-runs change nothing; put-codes read 100 at a time."""

import json
import re
import time
import tracemalloc

import pytest
from django.core.management import call_command
from django.urls import reverse
from werkzeug.wrappers import Response

from metadata import works as member_works
from metadata.models import FoundWorks, SourceStatus
from metadata.refresh import refresh_lab
from metadata.sources.dblp import dblp_pid
from metadata.sources.orcid import orcid_id
from publications.importers import parse
from publications.models import Authorship, ImportUpload, Publication
from tests.factories import make_person, make_person_link, make_publication
from tests.metadata.replay_identity import (
    AnyPath,
    ReplayDblp,
    ReplayOrcid,
    replayed,
    summary_of,
    work_for,
)

CARBERRY = "0000-0002-1825-0097"
PID = "55/1490"


@pytest.fixture
def apis(settings, replay_server):
    base = replay_server.url_for("").rstrip("/")
    settings.LABSITE_ORCID_URL = settings.LABSITE_DBLP_URL = base
    settings.LABSITE_METADATA_TIMEOUT = 2
    settings.LABSITE_METADATA_RETRIES = 2
    settings.LABSITE_METADATA_MAX_BACKOFF = 2
    return replay_server


def documented_orcid():
    bulk = replayed("orcid", "bulk_733535,1204417.json")["bulk"]
    return ReplayOrcid({CARBERRY: replayed("orcid", "works_0000-0002-1825-0097.json")},
                       {item["work"]["put-code"]: item["work"] for item in bulk})


@pytest.fixture
def orcid(apis):
    handler = documented_orcid()
    apis.expect_request(AnyPath()).respond_with_handler(handler)
    return handler


@pytest.fixture
def carberry(lab_a):
    person = make_person(lab=lab_a, full_name="Josiah Carberry", slug="carberry")
    make_person_link(lab=lab_a, person=person, kind="orcid", url=f"https://orcid.org/{CARBERRY}")
    return person


@pytest.fixture
def policy(monkeypatch):
    def choose(value):
        monkeypatch.setattr(member_works, "new_papers_policy", lambda lab: value)

    return choose


def papers(lab):
    return list(Publication.objects.for_lab(lab).order_by("title").values_list("title", flat=True))


# --- Reading ------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "identifier"), [
    (CARBERRY, CARBERRY), (f"https://orcid.org/{CARBERRY}", CARBERRY),
    ("https://orcid.org/0000-0002-9079-593x", "0000-0002-9079-593X"),
    ("0000-0002-1825-0098", ""), ("https://orcid.org/", ""), ("10000-0002-1825-0097", ""),
])
def test_an_orcid_link_gives_its_id_when_its_check_digit_is_right(value, identifier):
    assert orcid_id(value) == identifier


@pytest.mark.parametrize(("value", "pid"), [
    ("https://dblp.org/pid/55/1490.html", "55/1490"),
    ("https://dblp.org/pid/h/JohnDoe", "h/JohnDoe"),
    ("https://dblp.uni-trier.de/pid/00/1234-1.html", "00/1234-1"), ("55/1490", "55/1490"),
    ("https://dblp.org/search?q=x", ""), ("https://example.org/pid/55/1490", ""),
])
def test_a_dblp_link_gives_its_person_id(value, pid):
    assert dblp_pid(value) == pid


def test_orcid_works_are_read_as_import_entries():
    data = json.dumps({"bulk": [*replayed("orcid", "bulk_733535,1204417.json")["bulk"],
                                replayed("orcid", "bulk_error.json")]}).encode()
    result = parse(data, filename="works.json")  # recognised, not taken for gs_data.json
    assert result.format == "orcid-json"
    journal, preprint = result.entries
    assert (journal.key, journal.title, journal.kind, journal.venue, journal.year,
            journal.month, journal.doi) == (
        "put-code 733535", "The Memory Palace of the Lighthouse Keeper", "journal",
        "Learned Publishing", 2012, 10, "10.1087/20120404")
    assert [a.name for a in journal.authors] == ["Josiah Carberry", "Ada Lovelace"]  # no editor
    # No contributors: the authors of its citation BibTeX.
    assert [a.name for a in preprint.authors] == ["Josiah Carberry", "Yuandong Tian", "Beidi Chen"]
    assert (preprint.kind, preprint.arxiv_id, preprint.venue) == ("preprint", "2309.17453", "arXiv")
    assert [e.message for e in result.errors] == [
        "ORCID could not give this work: The resource was not found."]


@pytest.mark.parametrize("text", ['{"bulk": [', '{"bulk": 3}', "[]"])
def test_malformed_orcid_works_are_an_error_not_a_crash(text):
    result = parse(text.encode(), filename="works.json", format="orcid-json")
    assert not result.entries and "ORCID's works JSON" in result.errors[0].message


# --- Importing as the member ----------------------------------------------------------------


def test_review_is_the_default_new_papers_wait_and_known_ones_are_merged(
    lab_a, carberry, orcid
):
    known = make_publication(lab=lab_a, title="The memory palace of the lighthouse keeper",
                             year=2012, authors=[("Josiah Carberry", carberry)])
    report = refresh_lab(lab_a, source="orcid")

    # Nothing new yet; the known paper took ORCID's DOI, venue and capitalised title.
    assert papers(lab_a) == ["The Memory Palace of the Lighthouse Keeper"]
    row = Publication.objects.for_lab(lab_a).get(pk=known.pk)
    assert row.doi == "10.1087/20120404" and row.venue == "Learned Publishing"  # merged in
    found = FoundWorks.objects.for_lab(lab_a).get()
    assert (found.person, found.source, found.new_papers) == (carberry, "orcid", 1)
    assert report.new_papers_waiting == 1 and report.fetched == 1 and report.papers == 2
    # Put-codes of the preferred versions only, in one bulk read.
    assert orcid.requests == [f"/v3.0/{CARBERRY}/works", f"/v3.0/{CARBERRY}/works/733535,1204417"]
    assert all(h["Accept"] == "application/vnd.orcid+json" for h in orcid.headers)


def test_add_imports_new_papers_as_the_members_own_and_a_rerun_changes_nothing(
    lab_a, carberry, orcid, policy
):
    policy("add")
    refresh_lab(lab_a, source="orcid")
    assert papers(lab_a) == ["Efficient Streaming Language Models with Attention Sinks",
                             "The Memory Palace of the Lighthouse Keeper"]
    assert Authorship.objects.for_lab(lab_a).filter(person=carberry).count() == 2
    assert not FoundWorks.objects.for_lab(lab_a).exists()
    before = list(Publication.objects.for_lab(lab_a).values_list("pk", "updated"))

    again = refresh_lab(lab_a, source="orcid")

    assert again.changed_papers == 0 and again.new_papers_waiting == 0
    assert list(Publication.objects.for_lab(lab_a).values_list("pk", "updated")) == before


def test_off_adds_nothing_and_keeps_nothing_for_review(lab_a, carberry, orcid, policy):
    policy("off")
    refresh_lab(lab_a, source="orcid")
    assert papers(lab_a) == [] and not FoundWorks.objects.for_lab(lab_a).exists()


def test_the_policy_is_the_labs_settings_row_and_review_without_one(lab_a, monkeypatch):
    assert member_works.new_papers_policy(lab_a) == "review"

    class Rows:
        def for_lab(self, lab):
            return self

        def first(self):
            return type("Row", (), {"new_papers": "add"})()

    monkeypatch.setattr(member_works.metadata_models, "LabMetadataSettings",
                        type("LabMetadataSettings", (), {"objects": Rows()}), raising=False)
    assert member_works.new_papers_policy(lab_a) == "add"


def test_a_labmates_paper_is_never_touched(lab_a, carberry, orcid, policy):
    policy("add")
    labmate = make_person(lab=lab_a, full_name="Ada Lovelace", slug="ada")
    theirs = make_publication(lab=lab_a, title="The Memory Palace of the Lighthouse Keeper",
                              doi="10.1087/20120404", venue="", authors=[("Ada Lovelace", labmate)])
    refresh_lab(lab_a, source="orcid")
    row = Publication.objects.for_lab(lab_a).get(pk=theirs.pk)
    assert row.venue == "" and list(row.authorships.values_list("name", flat=True)) == [
        "Ada Lovelace"]
    assert Publication.objects.for_lab(lab_a).filter(doi="10.1087/20120404").count() == 1


def test_lab_a_refresh_never_writes_lab_b(lab_a, lab_b, carberry, orcid, policy):
    policy("add")
    twin = make_person(lab=lab_b, full_name="Josiah Carberry", slug="carberry")
    make_person_link(lab=lab_b, person=twin, kind="orcid", url=f"https://orcid.org/{CARBERRY}")
    refresh_lab(lab_a, source="orcid")
    assert papers(lab_b) == [] and not FoundWorks.objects.for_lab(lab_b).exists()
    refresh_lab(lab_b, source="orcid")
    assert len(papers(lab_b)) == 2 and len(papers(lab_a)) == 2


def test_a_record_with_no_works_changes_nothing(lab_a, carberry, apis):
    empty = ReplayOrcid({CARBERRY: replayed("orcid", "works_empty.json")}, {})
    apis.expect_request(AnyPath()).respond_with_handler(empty)
    report = refresh_lab(lab_a, source="orcid")
    assert papers(lab_a) == [] and report.papers == 0 and empty.bulk_sizes == []


def test_an_unknown_orcid_is_named_and_the_next_member_still_runs(lab_a, carberry, orcid):
    ghost = make_person(lab=lab_a, full_name="Aaron Ghost", slug="ghost")
    make_person_link(lab=lab_a, person=ghost, kind="orcid",
                     url="https://orcid.org/0000-0002-1694-233X")
    report = refresh_lab(lab_a, source="orcid")
    assert report.errors == ["Aaron Ghost: orcid has no 0000-0002-1694-233X"]
    assert FoundWorks.objects.for_lab(lab_a).get().person == carberry


def test_put_codes_are_read_100_at_a_time(lab_a, carberry, apis, policy):
    policy("add")
    works = {code: work_for(code, f"Paper number {code}", year=2000 + code % 20)
             for code in range(1, 251)}
    handler = ReplayOrcid({CARBERRY: summary_of(list(works.values()))}, works)
    apis.expect_request(AnyPath()).respond_with_handler(handler)
    refresh_lab(lab_a, source="orcid")
    assert handler.bulk_sizes == [100, 100, 50]
    assert len(papers(lab_a)) == 250


def test_429_with_retry_after_is_waited_for(lab_a, carberry, apis):
    handler = documented_orcid()
    apis.expect_ordered_request(f"/v3.0/{CARBERRY}/works").respond_with_response(
        Response("slow down", 429, headers={"Retry-After": "1"}))
    apis.expect_request(AnyPath()).respond_with_handler(handler)
    started = time.monotonic()
    report = refresh_lab(lab_a, source="orcid")
    assert time.monotonic() - started >= 1.0 and report.new_papers_waiting == 2


@pytest.mark.parametrize("answer", [
    Response("oops", 500), Response('{"group": [', 200, content_type="application/json"),
    Response('{"nothing": 1}', 200, content_type="application/json"),
])
def test_errors_and_garbage_keep_everything(lab_a, carberry, apis, answer):
    apis.expect_request(f"/v3.0/{CARBERRY}/works").respond_with_response(answer)
    known = make_publication(lab=lab_a, title="Kept", authors=[("Josiah Carberry", carberry)])
    report = refresh_lab(lab_a, source="orcid")
    assert report.failed_batches == 1 and papers(lab_a) == ["Kept"]
    assert Publication.objects.for_lab(lab_a).get(pk=known.pk).doi == ""
    assert SourceStatus.objects.get(source="orcid").consecutive_failures == 1


def test_a_time_out_keeps_everything(lab_a, carberry, apis, settings):
    settings.LABSITE_METADATA_TIMEOUT = 0.3
    settings.LABSITE_METADATA_RETRIES = 0

    def slow(request):
        time.sleep(1.0)
        return Response("{}", content_type="application/json")

    apis.expect_request(re.compile(".*")).respond_with_handler(slow)
    report = refresh_lab(lab_a, source="orcid")
    assert "no answer in time" in report.errors[0] and papers(lab_a) == []


def test_dry_run_writes_nothing(lab_a, carberry, orcid):
    report = refresh_lab(lab_a, source="orcid", dry_run=True)
    assert report.new_papers_waiting == 2
    assert papers(lab_a) == [] and not FoundWorks.objects.for_lab(lab_a).exists()


def test_the_command_says_what_waits(lab_a, carberry, orcid, capsys):
    call_command("refresh_metadata", "--source", "orcid", "--lab", "lab-a", "--now")
    assert "lab-a: 2 papers with an identifier, 1 fetched, 0 changed, 2 new papers wait for " \
        "review" in capsys.readouterr().out


# --- DBLP --------------------------------------------------------------------------------


@pytest.fixture
def xiao(lab_a):
    person = make_person(lab=lab_a, full_name="Guangxuan Xiao", slug="xiao")
    make_person_link(lab=lab_a, person=person, kind="dblp", url=f"https://dblp.org/pid/{PID}.html")
    return person


def test_dblp_bibtex_is_imported_as_the_members_own(lab_a, xiao, apis, policy):
    policy("add")
    handler = ReplayDblp({PID: replayed("dblp", "person_55-1490.bib")})
    apis.expect_request(AnyPath()).respond_with_handler(handler)
    refresh_lab(lab_a, source="dblp")
    assert papers(lab_a) == [
        "Efficient Streaming Language Models with Attention Sinks",
        "QUEST: Query-Aware Sparsity for Efficient Long-Context LLM Inference"]
    assert handler.requests == [f"/pid/{PID}.bib"]
    assert Authorship.objects.for_lab(lab_a).filter(person=xiao).count() == 2
    again = refresh_lab(lab_a, source="dblp")
    assert again.changed_papers == 0 and len(papers(lab_a)) == 2


def test_dblp_works_wait_for_review_and_a_bad_entry_does_not_stop_the_rest(lab_a, xiao, apis):
    broken = replayed("dblp", "person_55-1490.bib") + "\n@article{DBLP:broken,\n  title = {Oops\n"
    apis.expect_request(AnyPath()).respond_with_handler(ReplayDblp({PID: broken}))
    report = refresh_lab(lab_a, source="dblp")
    assert report.new_papers_waiting == 2 and papers(lab_a) == []
    assert FoundWorks.objects.for_lab(lab_a).get().format == "bibtex"


def test_an_html_page_instead_of_bibtex_is_a_failure(lab_a, xiao, apis):
    apis.expect_request(f"/pid/{PID}.bib").respond_with_data(
        replayed("dblp", "not_bibtex.html"), content_type="text/html")
    report = refresh_lab(lab_a, source="dblp")
    assert report.failed_batches == 1 and "not BibTeX" in report.errors[0]


# --- Bounds ------------------------------------------------------------------------------


def test_a_2000_work_orcid_import_is_bounded(lab_a, carberry, apis, policy, settings):
    policy("add")
    settings.LABSITE_METADATA_TIMEOUT = 30  # the in-process server is traced too
    works = {code: work_for(code, f"A bounded study of item {code}", doi=f"10.5555/orcid.{code}",
                            year=2000 + code % 25) for code in range(1, 2001)}
    handler = ReplayOrcid({CARBERRY: summary_of(list(works.values()))}, works)
    apis.expect_request(AnyPath()).respond_with_handler(handler)

    tracemalloc.start()
    started = time.monotonic()
    report = refresh_lab(lab_a, source="orcid")
    seconds = time.monotonic() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    assert report.changed_papers == 2000 and not report.errors
    assert handler.bulk_sizes == [100] * 20 and len(handler.requests) == 21
    assert Publication.objects.for_lab(lab_a).count() == 2000
    assert seconds < 120, seconds
    assert peak < 200 * 1024 * 1024, peak
    again = refresh_lab(lab_a, source="orcid")
    assert again.changed_papers == 0


# --- Review in admin, tenancy, archive ------------------------------------------------------


@pytest.fixture
def world(lab_a, lab_b):
    from tests.admin.conftest import build_world

    return build_world(lab_a, lab_b)


@pytest.fixture
def mia_found(world, apis):
    """Mia (lab A's member with a login) has an ORCID iD whose works add one paper."""
    mia = world.a["person_own"]
    make_person_link(lab=world.lab_a, person=mia, kind="orcid", url=f"https://orcid.org/{CARBERRY}")
    works = {5: work_for(5, "Mia's found paper", authors=["Mia Member"], doi="10.5555/mia")}
    apis.expect_request(AnyPath()).respond_with_handler(
        ReplayOrcid({CARBERRY: summary_of(list(works.values()))}, works))
    refresh_lab(world.lab_a, source="orcid")
    return FoundWorks.objects.for_lab(world.lab_a).get(person=mia)


def review(client, found):
    return client.post(reverse("admin:metadata_foundworks_changelist"),
                       {"action": "review_and_import", "_selected_action": [found.pk]})


@pytest.mark.parametrize("role", ["member_a", "editor_a"])
def test_the_member_or_an_editor_reviews_found_works_in_the_import_preview(
    world, mia_found, role
):
    from tests.admin.conftest import client_for

    client = client_for(world, role)
    listing = client.get(reverse("admin:metadata_foundworks_changelist"))
    assert "Mia Member" in listing.text
    response = review(client, mia_found)
    assert response.status_code == 302 and "batch=" in response.url
    preview = client.get(response.url)
    assert "Mia&#x27;s found paper" in preview.text or "Mia's found paper" in preview.text
    assert "changed since you looked" not in preview.text
    assert not FoundWorks.objects.for_lab(world.lab_a).exists()
    upload = ImportUpload.objects.for_lab(world.lab_a).get()
    confirm = client.post(reverse("admin:publications_publication_import"), {
        "confirm": "1", "batch": str(upload.batch),
        "fingerprint": re.search(r'name="fingerprint" value="([^"]+)"', preview.text)[1]})
    assert confirm.status_code == 302
    assert Publication.objects.for_lab(world.lab_a).filter(title="Mia's found paper").exists()


@pytest.mark.parametrize("role", ["admin_b"])
def test_another_labs_admin_never_sees_or_opens_found_works(world, mia_found, role):
    from tests.admin.conftest import client_for

    client = client_for(world, role)
    listing = client.get(reverse("admin:metadata_foundworks_changelist"))
    assert "Mia Member" not in listing.text
    review(client, mia_found)
    assert FoundWorks.objects.for_lab(world.lab_a).exists()
    assert not ImportUpload.objects.for_lab(world.lab_a).exists()
    assert client.get(reverse("admin:metadata_foundworks_change", args=[mia_found.pk])
                      ).status_code in (302, 404)


def test_a_labmate_never_sees_another_members_found_works(world, mia_found):
    from tests.admin.conftest import client_for

    otto_user = world.users["member_a"].__class__.objects.create_user("otto", password="pw-otto-1")
    otto = world.a["person_other"]
    otto.user = otto_user
    otto.save()
    otto_user.is_staff = True
    otto_user.save()
    client = client_for(world, "anonymous")
    client.force_login(otto_user)
    listing = client.get(reverse("admin:metadata_foundworks_changelist"))
    assert "Mia Member" not in listing.text
    review(client, mia_found)
    assert FoundWorks.objects.for_lab(world.lab_a).exists()


@pytest.mark.django_db
def test_found_works_round_trip_through_an_archive(tmp_path):
    import io

    from django.utils import timezone

    from labsite.models import Lab
    from tests.factories import make_lab

    lab = make_lab(slug="found", hosts=["found.example.org"])
    person = make_person(lab=lab, full_name="Josiah Carberry", slug="carberry")
    works = json.dumps(replayed("orcid", "bulk_733535,1204417.json"))
    FoundWorks.objects.create(lab=lab, person=person, source="orcid", format="orcid-json",
                              works=works, new_papers=2, found_at=timezone.now())
    archive = tmp_path / "found.zip"
    call_command("dumplab", "found", "-o", str(archive), stdout=io.StringIO())
    Lab.objects.filter(slug="found").delete()
    call_command("loadlab", str(archive), stdout=io.StringIO(), stderr=io.StringIO())
    restored = Lab.objects.get(slug="found")
    row = FoundWorks.objects.for_lab(restored).get()
    assert (row.person.slug, row.source, row.format, row.works, row.new_papers) == (
        "carberry", "orcid", "orcid-json", works, 2)
