"""Paper previews through the writer: al-folio's ``preview=``, AcadHomepage's paper-box
``<img>``, Hugo Blox's ``featured.*`` become ``Publication.thumbnail``, re-encoded by the
image pipeline into the lab's own folder; a broken or missing one is reported by its file
name and skipped, and the paper is still imported."""

import io

import pytest
from PIL import Image

from publications.models import THUMBNAIL_MAX_SIDE, Publication
from siteimport.formats import read_site
from siteimport.source import open_site
from siteimport.writing import Action, apply_site_import, plan_site_import
from tests.factories import make_person
from tests.people.imagedata import jpeg_bytes, png_bytes
from tests.siteimport.helpers import site_folder

# fixture -> the site folder inside it
THEMES = {
    "al-folio": "newer",
    "acadhomepage": "",
    "hugo-blox": "blocks",
}


def _site(tmp_path, theme):
    folder = site_folder(tmp_path, theme)
    return folder / THEMES[theme] if THEMES[theme] else folder


def _previews(folder) -> list[str]:
    return [paper.thumbnail for paper in read_site(open_site(folder)).papers if paper.thumbnail]


def _import(folder, lab, person):
    source = open_site(folder)
    plan = plan_site_import(site=read_site(source), lab=lab, person=person, source=source)
    apply_site_import(plan=plan, source=source)
    return plan


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_previews_become_reencoded_thumbnails_in_the_labs_folder(tmp_path, lab_a, lab_b, theme):
    folder = _site(tmp_path, theme)
    previews = _previews(folder)
    assert previews, "the fixture names preview images"
    for path in previews:  # larger than a thumbnail, in the format the name says
        big = png_bytes(1600, 1000, mode="RGB") if path.endswith(".png") else jpeg_bytes(1600, 1000)
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(big)
    owner = make_person(lab=lab_a, slug="owner", full_name="Owner")

    _import(folder, lab_a, owner)

    with_thumbnail = [pub for pub in Publication.objects.for_lab(lab_a) if pub.thumbnail]
    assert len(with_thumbnail) == len(previews)
    for publication in with_thumbnail:
        name = publication.thumbnail.name
        assert name.startswith("labs/lab-a/publications/"), name
        with publication.thumbnail.open("rb") as stored:
            image = Image.open(io.BytesIO(stored.read()))
            assert max(image.size) == THUMBNAIL_MAX_SIDE  # re-encoded, not copied
    assert not Publication.objects.for_lab(lab_b).exists()


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_a_broken_or_missing_preview_is_reported_and_the_paper_kept(tmp_path, lab_a, theme):
    folder = _site(tmp_path, theme)
    previews = _previews(folder)
    broken = previews[0]
    (folder / broken).parent.mkdir(parents=True, exist_ok=True)
    (folder / broken).write_bytes(b"<html>not an image</html>")
    for path in previews[1:]:
        (folder / path).unlink(missing_ok=True)  # named by the page, not in the site
    owner = make_person(lab=lab_a, slug="owner", full_name="Owner")

    plan = _import(folder, lab_a, owner)

    skipped = {item.what.split(" (of ")[0]: item.reason for item in plan.items
               if item.kind == "paper thumbnail"}
    # Each preview the reader names, broken or missing (Hugo Blox names only files there).
    assert broken in skipped and set(skipped) <= set(previews)
    if theme != "hugo-blox":
        assert set(skipped) == set(previews)
    assert all(item.action == Action.SKIPPED for item in plan.items
               if item.kind == "paper thumbnail")
    assert skipped[broken]  # why: the image checks' message
    assert any(broken in line for line in plan.report_lines())
    papers = Publication.objects.for_lab(lab_a)
    assert papers.count() == len([item for item in plan.items if item.kind == "paper"
                                  and item.action == Action.CREATE])
    assert not [pub for pub in papers if pub.thumbnail]


def test_a_second_run_keeps_the_thumbnails_and_changes_nothing(tmp_path, lab_a):
    folder = _site(tmp_path, "acadhomepage")
    for path in _previews(folder):
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(png_bytes(900, 600, mode="RGB"))
    owner = make_person(lab=lab_a, slug="owner", full_name="Owner")
    _import(folder, lab_a, owner)
    names = sorted(pub.thumbnail.name for pub in Publication.objects.for_lab(lab_a)
                   if pub.thumbnail)

    again = _import(folder, lab_a, owner)

    assert not again.writes_anything
    assert sorted(pub.thumbnail.name for pub in Publication.objects.for_lab(lab_a)
                  if pub.thumbnail) == names
