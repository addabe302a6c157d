"""A title fixed in admin is remembered the way ``record_edited_fields`` remembers it: the
old title still finds the paper when its export is imported again, and stays fixed."""

import pytest

from publications.models import Publication
from tests.admin.conftest import admin_url, client_for, errors_of, form_data
from tests.imports.helpers import bib, data, run_import

pytestmark = pytest.mark.django_db

ENTRY = """@article{chen2024sparse,
  title={Sparse attention for long contexts},
  author={Chen, Beidi and Dao, Tri},
  journal={Journal of Things}, year={2024}}"""


def test_a_title_fixed_in_admin_still_matches_its_export(world):
    run_import(world.lab_a, ("scholar.bib", bib(ENTRY)))
    paper = Publication.objects.for_lab(world.lab_a).get(slug__startswith="chen2024")
    client = client_for(world, "editor_a")
    data = form_data(client.get(admin_url(paper, "change")))
    data["title"] = "Sparse Attention for Long Contexts (extended)"
    response = client.post(admin_url(paper, "change"), data)
    assert response.status_code == 302, errors_of(response)

    again = run_import(world.lab_a, ("scholar.bib", bib(ENTRY)))

    assert again.counts["created"] == 0
    assert [item.status for item in again.items] == ["duplicate"]
    paper.refresh_from_db()
    assert paper.title == "Sparse Attention for Long Contexts (extended)"
    assert "title" in paper.edited_fields
    assert not Publication.objects.for_lab(world.lab_b).filter(title__icontains="sparse")


def test_the_scholar_id_is_shown_in_admin_and_a_fixed_one_stays(world):
    run_import(world.lab_a, ("gs_data.json", data("gs_data.json")))
    paper = Publication.objects.for_lab(world.lab_a).get(title__startswith="Flashattention")
    client = client_for(world, "editor_a")
    page = client.get(admin_url(paper, "change"))
    assert 'name="scholar_id" value="AbCdEfGAAAAJ:9yKSN-GCB0IC"' in page.text
    assert "the `citation_for_view` id" in page.text  # its help text
    fields = form_data(page)
    fields["scholar_id"] = "AbCdEfGAAAAJ:fixedbyhand1"
    response = client.post(admin_url(paper, "change"), fields)
    assert response.status_code == 302, errors_of(response)

    run_import(world.lab_a, ("gs_data.json", data("gs_data.json")))

    paper.refresh_from_db()
    assert paper.scholar_id == "AbCdEfGAAAAJ:fixedbyhand1"
    assert "scholar_id" in paper.edited_fields
