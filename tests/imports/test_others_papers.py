"""A member's import never changes a labmate's paper: an entry that names the member and
matches a paper they do not author (same title, same arXiv id, or a list cut by "and
others") is "not yours": shown, counted, not applied. Editors may apply it; so may
``import_publications --person`` with ``--allow-others-papers``."""

import io

import pytest
from django.core.management import call_command

from publications.imports import NOT_YOURS, UPDATE
from publications.models import Publication
from tests.factories import make_person
from tests.imports.helpers import bib, run_import, snapshot
from tests.publications.helpers import paper

pytestmark = pytest.mark.django_db

MIA_FILE = bib(
    # Same title as Otto's paper.
    """@inproceedings{other2024storage, title={Otto writes about alpha storage},
      author={Member, Mia and Other, Otto}, booktitle={Alpha Conference}, year={2024},
      doi={10.1234/alpha.storage}, url={https://example.org/storage-paper}}""",
    # Same arXiv id as Otto's preprint, another title.
    """@article{member2024caching, title={Caching at alpha scale, the venue version},
      author={Member, Mia}, journal={Journal of Alpha}, year={2024},
      eprint={2401.01234}, archivePrefix={arXiv}}""",
    # Otto's paper whose author list was cut by "and others": the full list.
    """@article{member2023cut, title={A cut author list},
      author={Member, Mia and Outsider, Zed}, journal={Journal of Alpha}, year={2023}}""",
    # Mia's own paper: updated as before.
    """@article{member2022own, title={Mia's own paper}, author={Member, Mia},
      journal={Journal of Mia}, year={2022}, volume={7}}""",
    # A new paper: created as before.
    """@article{member2025new, title={Something new by Mia}, author={Member, Mia},
      journal={J}, year={2025}}""",
)


@pytest.fixture
def lab(lab_a):
    mia = make_person(lab=lab_a, full_name="Mia Member", slug="mia")
    otto = make_person(lab=lab_a, full_name="Otto Other", slug="otto")
    others = {
        "title": paper(lab_a, "Otto writes about alpha storage", authors=[("Otto Other", otto)],
                       links=[("pdf", "https://example.org/otto.pdf")]),
        "arxiv": paper(lab_a, "Caching at alpha scale", authors=[("Otto Other", otto)],
                       kind="preprint", arxiv_id="2401.01234"),
        "cut": paper(lab_a, "A cut author list", authors=[("Otto Other", otto)],
                     authors_truncated=True),
    }
    own = paper(lab_a, "Mia's own paper", authors=[("Mia Member", mia)])
    return lab_a, mia, otto, others, own


def others_rows(lab, others):
    """Everything of the labmate's papers, to compare byte for byte."""
    full = snapshot(lab)
    pks = {p.pk for p in others.values()}
    return {
        "publications": [r for r in full["publications"] if r["id"] in pks],
        "authorships": [r for r in full["authorships"] if r["publication_id"] in pks],
        "links": [r for r in full["links"] if r["publication_id"] in pks],
    }


def test_a_members_import_leaves_labmates_papers_unchanged(lab):
    lab_a, mia, otto, others, own = lab
    before = others_rows(lab_a, others)

    report = run_import(lab_a, ("mia.bib", MIA_FILE), person=mia, person_must_author=True)

    by_key = {item.key: item for item in report.items}
    for key in ("other2024storage", "member2024caching", "member2023cut"):
        assert by_key[key].status == NOT_YOURS, key
        assert "matches a paper you do not author" in by_key[key].reasons[0]
    assert "same arXiv id" in by_key["member2024caching"].reasons[0]
    assert report.counts["not_yours"] == 3
    assert others_rows(lab_a, others) == before
    for publication in others.values():
        assert not publication.authorships.filter(person=mia).exists()
    # The rest of the import still applies.
    assert by_key["member2022own"].status == UPDATE
    own.refresh_from_db()
    assert own.volume == "7"
    assert Publication.objects.for_lab(lab_a).filter(title="Something new by Mia").exists()


def test_an_editor_importing_for_the_member_merges_them(lab):
    lab_a, mia, otto, others, own = lab

    report = run_import(lab_a, ("mia.bib", MIA_FILE), person=mia)

    assert report.counts["not_yours"] == 0
    storage = Publication.objects.get(pk=others["title"].pk)
    assert storage.doi == "10.1234/alpha.storage" and storage.venue == "Alpha Conference"
    cut = Publication.objects.get(pk=others["cut"].pk)
    assert [a.name for a in cut.authorships.order_by("position")] == ["Mia Member",
                                                                       "Zed Outsider"]


def run_command(*args):
    out = io.StringIO()
    call_command("import_publications", *map(str, args), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_command_with_person_applies_only_the_persons_papers(lab, tmp_path):
    lab_a, mia, otto, others, own = lab
    export = tmp_path / "mia.bib"
    export.write_bytes(MIA_FILE)
    before = others_rows(lab_a, others)

    out = run_command(export, "--lab", "lab-a", "--person", "mia", "--no-progress")

    assert others_rows(lab_a, others) == before
    assert "matching a paper the person does not author (not applied)       3" in out
    assert "Not applied, papers the person does not author" in out
    assert "mia.bib, line 1, entry other2024storage: matches a paper you do not author" in out
    own.refresh_from_db()
    assert own.volume == "7"

    out = run_command(export, "--lab", "lab-a", "--person", "mia", "--no-progress",
                      "--allow-others-papers")
    storage = Publication.objects.get(pk=others["title"].pk)
    assert storage.doi == "10.1234/alpha.storage"
    assert not Publication.objects.filter(pk=others["arxiv"].pk, kind="preprint").exists()


def test_the_command_explains_the_flag(lab):
    from django.core.management import CommandError, get_commands, load_command_class

    command = load_command_class(get_commands()["import_publications"], "import_publications")
    help_text = command.create_parser("manage.py", "import_publications").format_help()
    assert "--allow-others-papers" in help_text and "does not author" in help_text
    with pytest.raises(CommandError, match="only makes sense with --person"):
        call_command("import_publications", "x.bib", "--lab", "lab-a",
                     "--allow-others-papers")


def test_another_labs_paper_is_never_a_match(lab, lab_b):
    lab_a, mia, otto, others, own = lab
    theirs = paper(lab_b, "Something new by Mia", authors=["Someone Else"])

    report = run_import(lab_a, ("mia.bib", MIA_FILE), person=mia, person_must_author=True)

    created = Publication.objects.for_lab(lab_a).get(title="Something new by Mia")
    assert created.pk != theirs.pk
    assert [a.name for a in theirs.authorships.all()] == ["Someone Else"]
    assert all(item.target_slug != theirs.slug or item.status == "new"
               for item in report.items)
