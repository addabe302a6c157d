"""The lab's publication list settings (seed 003): default grouping, the headings of the
groups by type, members in bold; admin for lab editors and admins; archived."""

import io
import json
import re
import zipfile

import pytest
from django.core.management import call_command

from labsite.models import Lab
from publications.list_settings import list_settings_for
from publications.models import PublicationListSettings
from tests.admin.conftest import admin_url, client_for, errors_of, form_data
from tests.factories import make_lab, make_person, make_publication_list_settings
from tests.labsite.test_query_budget import QUERY_BUDGET, cold_queries
from tests.publications.helpers import headings, paper, titles
from tests.publications.test_list import bulk_library

pytestmark = pytest.mark.django_db


def group_headings(html):
    return [re.sub(r" <span.*", "", heading) for heading in headings(html)]


def seed_003_settings(lab, **changes):
    fields = {
        "grouping": "kind", "preprints_heading": "Preprints", "papers_heading": "Publications",
        "workshops_heading": "Workshops", "bold_members": False, **changes,
    }  # fmt: skip
    return make_publication_list_settings(lab=lab, **fields)


@pytest.fixture
def seed_003(lab_a):
    chen = make_person(lab=lab_a, full_name="Beidi Chen", slug="beidi", homepage_enabled=True)
    paper(lab_a, "MagicPIG", kind="preprint", year=2024, authors=[("Beidi Chen", chen)])
    paper(lab_a, "Sequoia", kind="conference", year=2024, venue_short="NeurIPS2024",
          authors=[("Zhuoming Chen", None, {"equal_contribution": True}), ("Beidi Chen", chen)])
    paper(lab_a, "Unique entity estimation", kind="journal", year=2018)
    paper(lab_a, "BearLoc", kind="workshop", year=2015)
    return chen


def test_without_settings_the_list_looks_as_it_always_did(client_a, lab_a, seed_003):
    assert list_settings_for(lab_a).pk is None  # a read writes nothing
    html = client_a.get("/publications/").content.decode()
    assert group_headings(html) == ["2024", "2018", "2015"]
    assert "<strong>Beidi Chen</strong>" in html
    assert not PublicationListSettings.objects.for_lab(lab_a).exists()


def test_the_lab_groups_by_type_under_its_own_headings_without_bold(client_a, lab_a, seed_003):
    seed_003_settings(lab_a)
    html = client_a.get("/publications/").content.decode()
    assert group_headings(html) == ["Preprints", "Publications", "Workshops"]
    assert titles(html) == ["MagicPIG", "Sequoia", "Unique entity estimation", "BearLoc"]
    assert "<strong>" not in html.split('<ul class="pubs">', 1)[1]
    assert '<a class="member" href="/people/beidi/">Beidi Chen</a>' in html
    assert "Zhuoming Chen*" in html
    # The lab's grouping is the page's own: no "noindex", and the form shows it chosen.
    assert "noindex" not in html and '<option value="kind" selected>' in html
    # A visitor still chooses another; the query string then says so, and only then.
    html = client_a.get("/publications/?group=year").content.decode()
    assert group_headings(html) == ["2024", "2018", "2015"] and "noindex" in html
    html = client_a.get("/publications/?year=2024").content.decode()
    assert group_headings(html) == ["Preprints", "Publications"]
    assert 'href="/publications/?year=2024&amp;group=year"' not in html


def test_one_list_without_groups_and_empty_headings_keep_the_usual(client_a, lab_a, seed_003):
    seed_003_settings(lab_a, grouping="none")
    html = client_a.get("/publications/").content.decode()
    assert group_headings(html) == ["All publications"] and len(titles(html)) == 4
    row = PublicationListSettings.objects.for_lab(lab_a).get()
    row.grouping, row.papers_heading, row.preprints_heading = "kind", "", "  "
    row.save()
    html = client_a.get("/publications/").content.decode()
    assert group_headings(html) == ["Preprints", "Conference and journal papers", "Workshops"]


def test_another_labs_settings_change_nothing_here(client_a, client_b, lab_a, lab_b, seed_003):
    seed_003_settings(lab_b, papers_heading="Beta papers")
    paper(lab_b, "Beta paper", kind="conference")
    html = client_a.get("/publications/").content.decode()
    assert group_headings(html) == ["2024", "2018", "2015"] and "Beta" not in html
    html = client_b.get("/publications/").content.decode()
    assert group_headings(html) == ["Beta papers"] and "Sequoia" not in html


def test_the_list_with_settings_runs_the_same_queries_for_20_and_2000_papers(client_a, lab_a):
    seed_003_settings(lab_a)
    bulk_library(lab_a, 20)
    small, html = cold_queries("a.example.org", "/publications/")
    assert len(titles(html.decode())) == 20
    bulk_library(lab_a, 1980)
    large, html = cold_queries("a.example.org", "/publications/")
    html = html.decode()
    assert len(titles(html)) == 2000 and "<strong>Author 1</strong>" not in html
    assert large == small <= QUERY_BUDGET, (small, large)


# --- Admin -------------------------------------------------------------------------------


@pytest.fixture
def world(lab_a, lab_b):
    from tests.admin.conftest import build_world

    return build_world(lab_a, lab_b)


def test_editor_finds_one_row_made_on_first_use_and_changes_it(world, client_a):
    client = client_for(world, "editor_a")
    response = client.get(admin_url(PublicationListSettings))
    assert response.status_code == 200
    row = PublicationListSettings.objects.for_lab(world.lab_a).get()
    assert admin_url(row, "change") in response.content.decode()
    assert not PublicationListSettings.objects.for_lab(world.lab_b).exists()
    client.get(admin_url(PublicationListSettings))  # a second visit makes no second row
    assert PublicationListSettings.objects.for_lab(world.lab_a).count() == 1
    assert client.get(admin_url(PublicationListSettings, "add")).status_code == 403

    data = form_data(client.get(admin_url(row, "change")))
    data.update({"grouping": "kind", "papers_heading": "Publications", "bold_members": ""})
    data.pop("bold_members")
    response = client.post(admin_url(row, "change"), data)
    assert response.status_code == 302, errors_of(response)
    row.refresh_from_db()
    assert (row.grouping, row.papers_heading, row.bold_members) == ("kind", "Publications", False)
    paper(world.lab_a, "A conference paper", kind="conference")
    html = client_a.get("/publications/").content.decode()
    assert group_headings(html) == ["Publications"]


def test_a_heading_over_its_limit_is_refused_and_kept(world):
    client = client_for(world, "admin_a")
    client.get(admin_url(PublicationListSettings))
    row = PublicationListSettings.objects.for_lab(world.lab_a).get()
    data = form_data(client.get(admin_url(row, "change")))
    data["papers_heading"] = "P" * 81
    response = client.post(admin_url(row, "change"), data)
    assert response.status_code == 200
    assert "at most 80 characters" in errors_of(response)
    assert "P" * 81 in response.content.decode()
    row.refresh_from_db()
    assert row.papers_heading == ""


@pytest.mark.parametrize("role", ["member_a", "admin_b", "anonymous"])
def test_members_and_other_labs_cannot_open_or_change_it(world, role):
    client_for(world, "editor_a").get(admin_url(PublicationListSettings))
    row = PublicationListSettings.objects.for_lab(world.lab_a).get()
    client = client_for(world, role)
    listing = client.get(admin_url(PublicationListSettings))
    assert admin_url(row, "change") not in listing.content.decode()
    page = client.get(admin_url(row, "change"))
    assert page.status_code in (302, 403, 404)
    assert 'name="papers_heading"' not in page.content.decode()
    client.post(admin_url(row, "change"), {"grouping": "none", "papers_heading": "Taken"})
    row.refresh_from_db()
    assert (row.grouping, row.papers_heading) == ("year", "")
    if role == "admin_b":  # lab B's admin gets lab B's row, never lab A's
        assert PublicationListSettings.objects.for_lab(world.lab_b).count() == 1


# --- Archive -----------------------------------------------------------------------------


def test_settings_go_into_the_lab_archive_and_come_back(tmp_path):
    lab = make_lab(slug="seed", name="Seed Lab", hosts=["seed.example.org"])
    seed_003_settings(
        lab, others_heading="Talks and theses", author_format="last_first", title_link="pdf"
    )
    path = tmp_path / "lab.zip"
    call_command("dumplab", "seed", "-o", str(path), stdout=io.StringIO())
    with zipfile.ZipFile(path) as archive:
        models = json.loads(archive.read("lab.json"))["models"]
    rows = models["publications.publicationlistsettings"]
    assert rows == [{
        "grouping": "kind", "preprints_heading": "Preprints", "papers_heading": "Publications",
        "workshops_heading": "Workshops", "others_heading": "Talks and theses",
        "bold_members": False, "author_format": "last_first", "title_link": "pdf",
        "show_citations": False, "show_metric_links": False, "paper_highlights_in_honours": True,
    }]  # fmt: skip
    call_command("loadlab", str(path), "--slug", "seed-copy", stdout=io.StringIO(),
                 stderr=io.StringIO())  # fmt: skip
    copy = PublicationListSettings.objects.for_lab(Lab.objects.get(slug="seed-copy")).get()
    assert (copy.grouping, copy.papers_heading, copy.others_heading, copy.bold_members,
            copy.author_format, copy.title_link) == (
        "kind", "Publications", "Talks and theses", False, "last_first", "pdf"
    )  # fmt: skip
    again = tmp_path / "again.zip"
    call_command("dumplab", "seed-copy", "-o", str(again), stdout=io.StringIO())
    with zipfile.ZipFile(again) as archive:
        assert json.loads(archive.read("lab.json"))["models"][
            "publications.publicationlistsettings"
        ] == rows
