"""gs_data.json beside the site (``--scholar-data``, the admin form's second file) or inside
it: one plan with the site's papers, citation counts and Scholar ids kept, the owner's other
Scholar papers added, bounded, re-runs changing nothing, never another lab's paper."""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError

from people.models import Person
from publications.models import Publication
from siteimport.admin_views import upload_folder
from siteimport.formats import read_site
from siteimport.source import open_site
from siteimport.writing import Action, apply_site_import, plan_site_import
from tests.admin.conftest import build_world, client_for
from tests.factories import make_person, make_publication
from tests.imports.helpers import snapshot
from tests.siteimport.helpers import run_importsite, site_folder, zip_folder

SPEC_ID = "ovQFaicAAAAJ:WF5omc3nYNoC"
SPEC = "SpecEE: Accelerating Large Language Model Inference with Speculative Early Exiting"
SURVEY = "A survey on efficient inference for large language models"


@pytest.fixture
def site_and_data(tmp_path):
    """AcadHomepage's fork as a "Download ZIP" of main gives it, and the gs_data.json of its
    google-scholar-stats branch beside it."""
    folder = site_folder(tmp_path, "acadhomepage")
    beside = tmp_path / "stats" / "gs_data.json"
    beside.parent.mkdir()
    (folder / "gs_data.json").rename(beside)
    return folder, beside


@pytest.fixture
def jiaming(lab_a):
    return make_person(lab=lab_a, slug="jiaming", full_name="Jiaming Xu")


def _run(*args):
    return run_importsite(*args)[0]


def _papers(lab):
    return {pub.title[:40]: (pub.scholar_id, pub.citation_count)
            for pub in Publication.objects.for_lab(lab)}


def test_the_scholar_data_given_beside_fills_counts_ids_and_adds_the_other_papers(
    site_and_data, lab_a, jiaming
):
    folder, beside = site_and_data
    out = _run(str(folder), "--lab", "lab-a", "--person", "jiaming",
               "--scholar-data", str(beside))

    papers = _papers(lab_a)
    assert papers[SPEC[:40]] == (SPEC_ID, 36)  # the page's span id, gs_data's count
    tstc = next(key for key in papers if key.startswith("TSTC"))
    assert papers[tstc] == ("ovQFaicAAAAJ:d1gkVwhDpl0C", 15)  # no span: matched by title
    assert papers[SURVEY[:40]] == ("ovQFaicAAAAJ:2osOgNQ5qMEC", 467)  # only in gs_data.json
    assert len(papers) == 6 + 4
    assert "paper: 10 create" in out
    survey = Publication.objects.for_lab(lab_a).get(title=SURVEY)
    assert survey.year == 2024 and survey.citations_read_on is not None


def test_re_running_the_import_with_the_scholar_data_changes_nothing(
    site_and_data, lab_a, jiaming
):
    folder, beside = site_and_data
    args = (str(folder), "--lab", "lab-a", "--person", "jiaming", "--scholar-data", str(beside))
    _run(*args)
    before = snapshot(lab_a)

    out = _run(*args)

    assert snapshot(lab_a) == before
    assert "paper: 10 unchanged" in out and "create" not in out


@pytest.mark.parametrize(("content", "message"), [
    (b'{"publications": {"x": ', "the file is not valid JSON"),
    (b'{"name": "no publications here"}', 'the JSON has no "publications"'),
    (b"\xff\xfe\x00garbage", "gs_data.json: "),
])
def test_a_bad_scholar_data_file_is_named_and_nothing_is_written(
    site_and_data, lab_a, jiaming, content, message
):
    folder, beside = site_and_data
    beside.write_bytes(content)
    with pytest.raises(CommandError, match=message) as failure:
        _run(str(folder), "--lab", "lab-a", "--person", "jiaming", "--scholar-data",
             str(beside))
    assert str(beside) in str(failure.value) and "\n" not in str(failure.value)
    assert not Publication.objects.for_lab(lab_a).exists()
    assert Person.objects.for_lab(lab_a).get(pk=jiaming.pk).about == ""


def test_scholar_data_over_the_file_bound_is_refused_before_it_is_read(
    site_and_data, lab_a, jiaming, settings
):
    folder, beside = site_and_data
    settings.LABSITE_SITE_IMPORT_MAX_FILE_BYTES = 1000
    with pytest.raises(CommandError, match=r"gs_data\.json: larger than 1,000 bytes"):
        _run(str(folder), "--lab", "lab-a", "--person", "jiaming", "--scholar-data",
             str(beside))
    with pytest.raises(CommandError, match="cannot be read"):
        _run(str(folder), "--lab", "lab-a", "--scholar-data", str(beside.parent / "none.json"))
    assert not Publication.objects.for_lab(lab_a).exists()


@pytest.mark.parametrize("inside", ["results/gs_data.json", "gs_data.json"])
def test_scholar_data_committed_inside_the_site_is_read(site_and_data, inside):
    folder, beside = site_and_data
    (folder / inside).parent.mkdir(exist_ok=True)
    beside.rename(folder / inside)

    site = read_site(open_site(folder))

    spec = next(paper for paper in site.papers if paper.entry.title == SPEC)
    assert (spec.entry.scholar_id, spec.entry.citation_count) == (SPEC_ID, 36)
    assert [paper.entry.title for paper in site.papers].count(SURVEY) == 1


def test_scholar_data_beside_another_theme_matches_its_bib_scholar_ids(tmp_path, lab_a):
    """al-folio's google_scholar_id (with the config's scholar_userid) is the paper's id."""
    folder = site_folder(tmp_path, "al-folio") / "newer"
    bib = folder / "_bibliography/papers.bib"
    bib.write_text(bib.read_text() + "\n@article{mine, title={Sparse kernels for tiny GPUs},\n"
                   "  author={Owner, Ann}, journal={Journal of Things}, year={2024},\n"
                   "  google_scholar_id={abcdEFGH1234}}\n")
    source = open_site(folder)
    owned = next(paper for paper in read_site(source).papers if paper.scholar_id)
    assert owned.scholar_id == "R2D30vAAAAAJ:abcdEFGH1234"  # the config's scholar_userid
    data = json.dumps({"publications": {owned.scholar_id: {
        "bib": {"title": "Scholar spells the title its own way", "pub_year": "2020"},
        "author_pub_id": owned.scholar_id, "num_citations": 321,
    }}}).encode()

    site = read_site(source, scholar_data=data)

    matched = next(paper for paper in site.papers if paper.scholar_id == owned.scholar_id)
    assert matched.entry.title == owned.entry.title  # the site's title, Scholar's count
    assert (matched.entry.scholar_id, matched.entry.citation_count) == (owned.scholar_id, 321)
    assert len(site.papers) == len(read_site(source).papers)


def test_the_scholar_id_never_reaches_another_labs_paper(site_and_data, lab_a, lab_b, jiaming):
    """Both labs list SpecEE with its Scholar id: lab A's import keeps to lab A."""
    folder, beside = site_and_data
    theirs = make_publication(lab=lab_b, title="SpecEE (lab B's record)", scholar_id=SPEC_ID,
                              citation_count=1)
    before = snapshot(lab_b)
    _run(str(folder), "--lab", "lab-a", "--person", "jiaming", "--scholar-data", str(beside))

    assert snapshot(lab_b) == before
    theirs.refresh_from_db()
    assert theirs.citation_count == 1
    assert _papers(lab_a)[SPEC[:40]] == (SPEC_ID, 36)


# --- Admin: the form's second file --------------------------------------------------------------


@pytest.fixture
def world(lab_a, lab_b):
    return build_world(lab_a, lab_b)


def _upload(path, name):
    upload = io.BytesIO(path.read_bytes() if hasattr(path, "read_bytes") else path)
    upload.name = name
    return upload


def test_the_admin_form_takes_the_scholar_data_in_one_preview_and_one_confirm(
    world, site_and_data
):
    folder, beside = site_and_data
    person, lab = world.a["person_own"], world.lab_a
    client = client_for(world, "editor_a")
    url = f"/admin/site-import/person/{person.pk}/"
    form = client.get(url).content.decode()
    assert "Google Scholar data (gs_data.json)" in form

    preview = client.post(url, {"archive": _upload(zip_folder(folder), "site.zip"),
                                "scholar_data": _upload(beside, "gs_data.json")})
    page = preview.content.decode()
    assert SURVEY in page and "Preview: nothing is written" in page
    assert not Publication.objects.for_lab(lab).filter(title=SURVEY).exists()
    done = client.post(url, {"confirm": "1", "token": preview.context["token"],
                             "fingerprint": preview.context["fingerprint"]})

    assert "Imported" in done.content.decode()
    assert _papers(lab)[SURVEY[:40]] == ("ovQFaicAAAAJ:2osOgNQ5qMEC", 467)
    assert _papers(lab)[SPEC[:40]] == (SPEC_ID, 36)
    assert not list(upload_folder().glob("*.gs_data.json"))
    assert not Publication.objects.for_lab(world.lab_b).filter(title=SURVEY).exists()


def test_the_admin_form_names_a_broken_scholar_data_file_and_keeps_nothing(
    world, site_and_data
):
    folder, _ = site_and_data
    person, lab = world.a["person_own"], world.lab_a
    client = client_for(world, "editor_a")
    kept = set(upload_folder().iterdir())
    before = Publication.objects.for_lab(lab).count()

    response = client.post(f"/admin/site-import/person/{person.pk}/", {
        "archive": _upload(zip_folder(folder), "site.zip"),
        "scholar_data": _upload(b'{"publications": [', "gs_data.json"),
    })

    page = response.content.decode()
    assert "gs_data.json: the file is not valid JSON" in page
    assert "Traceback" not in page and "Preview" not in page.split("<form")[0]
    assert Publication.objects.for_lab(lab).count() == before
    assert set(upload_folder().iterdir()) == kept


def test_a_members_own_import_never_updates_a_labmates_paper_by_its_scholar_id(
    site_and_data, lab_a, jiaming
):
    """The survey is in gs_data.json and, with its Scholar id, a labmate's paper: the member's
    own import lists it as not theirs and leaves it as it was (the existing member rule)."""
    folder, beside = site_and_data
    labmate = make_person(lab=lab_a, slug="jane", full_name="Jane Labmate")
    theirs = make_publication(lab=lab_a, title="Jane's survey", year=2024, citation_count=3,
                              scholar_id="ovQFaicAAAAJ:2osOgNQ5qMEC",
                              authors=[("Jane Labmate", labmate)])
    jiaming.user = get_user_model().objects.create_user(username="jiaming", password="x")
    jiaming.save()
    source = open_site(folder)
    site = read_site(source, scholar_data=beside.read_bytes())
    plan = plan_site_import(site=site, lab=lab_a, person=jiaming, acting_user=jiaming.user,
                            source=source)
    survey = [item for item in plan.items if item.kind == "paper" and item.what == SURVEY]
    assert [item.action for item in survey] == [Action.SKIPPED]
    assert "same Google Scholar id" in survey[0].reason

    apply_site_import(plan=plan, source=source)

    theirs.refresh_from_db()
    assert (theirs.title, theirs.citation_count) == ("Jane's survey", 3)
    assert not theirs.authorships.filter(person=jiaming).exists()
    assert _papers(lab_a)[SPEC[:40]] == (SPEC_ID, 36)  # the member's own paper is updated
