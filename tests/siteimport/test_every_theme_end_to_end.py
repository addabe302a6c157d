"""Every theme's real-file test site, read by its reader and written by the one writer:
what the reader found becomes rows of the person (or of the lab, for a lab template), a
second run changes nothing, and another lab sees none of it."""

import pytest

from awards.models import Award
from news.models import NewsItem
from people.models import CVEntry, Person, PersonSection
from publications.models import Publication
from siteimport.formats import detect_format, read_site
from siteimport.source import open_site
from siteimport.writing import Action, apply_site_import, plan_site_import
from tests.factories import make_person
from tests.siteimport.helpers import site_folder

# fixture folder -> the format it must be detected as; lab templates import into the lab.
SITES = {
    "al-folio": "al-folio",
    "academicpages": "academicpages",
    "academicpages-2021": "academicpages",
    "acadhomepage": "acadhomepage",
    "acadhomepage-selected": "acadhomepage",
    "hugo-blox": "hugo-blox",
    "markdown": "markdown",
    "lab-template": "lab-template",
}


def _source(tmp_path, name):
    folder = site_folder(tmp_path, name)
    # Some fixtures hold several sites side by side (older/newer, one per Hugo version):
    # take the first that is a site of its own.
    children = sorted(path for path in folder.iterdir() if path.is_dir())
    if name in ("al-folio", "hugo-blox"):
        folder = children[0]
    return open_site(folder)


def _run(lab, person, source):
    site = read_site(source)
    plan = plan_site_import(site=site, lab=lab, person=person, source=source)
    apply_site_import(plan=plan, source=source)
    return site, plan


@pytest.mark.parametrize("name", sorted(SITES))
def test_a_theme_site_is_read_written_and_a_second_run_changes_nothing(
    name, tmp_path, lab_a, lab_b
):
    source = _source(tmp_path, name)
    assert detect_format(source) == SITES[name]
    lab_import = SITES[name] == "lab-template"
    person = None if lab_import else make_person(lab=lab_a, slug="owner", full_name="Owner")
    site, plan = _run(lab_a, person, source)

    created = sum(plan.counts.get(kind, {}).get(Action.CREATE, 0) for kind in plan.counts)
    assert created > 0, plan.report_lines()
    papers = Publication.objects.for_lab(lab_a)
    if site.papers:
        assert papers.exists()
    if lab_import:
        assert Person.objects.for_lab(lab_a).count() >= len(
            [member for member in site.team if member.name]
        ) > 0
    else:
        sections = PersonSection.objects.for_lab(lab_a).filter(person=person)
        assert sections.count() >= 1
        if site.news:
            assert NewsItem.objects.for_lab(lab_a).filter(person=person).exists()
        if site.awards:
            assert Award.objects.for_lab(lab_a).filter(person=person).exists()
        if site.cv:
            assert CVEntry.objects.for_lab(lab_a).filter(person=person).exists()
    counts = {
        "papers": papers.count(),
        "news": NewsItem.objects.for_lab(lab_a).count(),
        "awards": Award.objects.for_lab(lab_a).count(),
        "people": Person.objects.for_lab(lab_a).count(),
    }

    # Re-running the same import writes nothing.
    _site, again = _run(lab_a, person, source)
    assert not again.writes_anything, [
        (item.kind, item.what, item.action) for item in again.items
        if item.action in (Action.CREATE, Action.UPDATE)
    ]
    assert counts == {
        "papers": papers.count(),
        "news": NewsItem.objects.for_lab(lab_a).count(),
        "awards": Award.objects.for_lab(lab_a).count(),
        "people": Person.objects.for_lab(lab_a).count(),
    }
    # Another lab has none of it.
    assert not Publication.objects.for_lab(lab_b).exists()
    assert not NewsItem.objects.for_lab(lab_b).exists()
    assert not Award.objects.for_lab(lab_b).exists()
