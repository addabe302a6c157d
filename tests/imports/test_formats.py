"""Every export format imports into the database, normalised the same way."""

import pytest

from publications.models import Publication, PublicationLink
from tests.imports.helpers import bib, papers, run_import

pytestmark = pytest.mark.django_db


def get(lab, **filters):
    return Publication.objects.for_lab(lab).get(**filters)


def authors(publication):
    return [a.name for a in publication.authorships.order_by("position")]


def test_scholar_bibtex_profile_export(lab_a):
    report = run_import(lab_a, "profile.bib")

    assert report.counts["created"] == 9
    assert report.counts["errors"] == 0
    flash = get(lab_a, title__startswith="Flashattention")
    assert authors(flash) == ["Tri Dao", "Dan Fu", "Stefano Ermon", "Atri Rudra", "Christopher Ré"]
    assert (flash.kind, flash.venue_short, flash.year) == ("conference", "NeurIPS 2022", 2022)
    assert flash.pages == "16344–16359"
    assert flash.volume == "35"
    assert (flash.source_format, flash.source_key) == ("bibtex", "dao2022flashattention")
    assert flash.title_key == "flashattentionfastandmemoryefficientexactattentionwithioawareness"

    distserve = get(lab_a, slug="zhong2024distserve")
    assert distserve.title.startswith("DistServe: Disaggregating")
    assert "$" not in distserve.title and "{" not in distserve.title

    patent = get(lab_a, title="Storage system with tiered caching")
    assert (patent.kind, patent.month, patent.year) == ("patent", 12, 2024)
    assert authors(patent) == ["Beidi Chen", "Íñigo Goiri"]
    assert get(lab_a, title__startswith="Scaling machine").kind == "thesis"


def test_arxiv_preprint_becomes_preprint_with_id_and_link(lab_a):
    run_import(lab_a, "profile.bib")

    medusa = get(lab_a, title__startswith="Medusa")
    assert (medusa.kind, medusa.venue, medusa.arxiv_id) == ("preprint", "arXiv", "2401.10774")
    assert medusa.year is None  # no year in the export: unknown, never 0 or today
    assert medusa.slug == "caimedusa"  # surname, year (none), first word: like Scholar keys
    link = PublicationLink.objects.for_lab(lab_a).get(publication=medusa)
    assert (link.kind, link.url) == ("arxiv", "https://arxiv.org/abs/2401.10774")


def test_scholar_csv(lab_a):
    report = run_import(lab_a, "profile.csv")

    assert report.counts["created"] == 3
    h2o = get(lab_a, title__startswith="H2o")
    assert len(authors(h2o)) == 12
    assert authors(h2o)[8] == "Christopher Ré"
    assert h2o.pages == "34661–34710"
    assert h2o.authors_truncated is False
    slide = get(lab_a, title__startswith="SLIDE")
    assert (slide.kind, slide.venue_short) == ("conference", "MLSys 2020")


def test_ris(lab_a):
    run_import(lab_a, "scholar.ris")

    scatter = get(lab_a, title__startswith="Scatterbrain")
    assert authors(scatter)[:2] == ["Beidi Chen", "Tri Dao"]
    assert (scatter.year, scatter.pages, scatter.volume) == (2021, "17413–17426", "34")
    assert Publication.objects.for_lab(lab_a).count() == 2


def test_endnote(lab_a):
    run_import(lab_a, "scholar.enw")

    monarch = get(lab_a, title__startswith="Monarch")
    assert (monarch.year, monarch.pages, monarch.publisher) == (2022, "4690–4721", "PMLR")
    assert authors(monarch)[2] == "Nimit S Sohoni"
    streaming = get(lab_a, title__startswith="Efficient streaming")
    assert (streaming.kind, streaming.arxiv_id) == ("preprint", "2309.17453")


def test_gs_data_json_has_titles_years_and_citation_counts(lab_a):
    report = run_import(lab_a, "gs_data.json")

    assert report.counts["created"] == 3
    flash = get(lab_a, title__startswith="Flashattention")
    assert flash.citation_count == 2100
    assert flash.citations_read_on is not None
    assert flash.year == 2022
    assert not flash.authorships.exists()  # gs_data.json has no authors


def test_dblp_bibtex_with_braces_and_homonym_numbers(lab_a):
    dblp = bib(
        """@inproceedings{DBLP:conf/osdi/ZhongLCHZ0JZ24,
  author       = {Yinmin Zhong and
                  Shengyu Liu and
                  Xin Jin 0001 and
                  Hao Zhang},
  title        = {{DistServe}: Disaggregating Prefill and Decoding for Goodput-optimized
                  Large Language Model Serving},
  booktitle    = {18th {USENIX} Symposium on Operating Systems Design and Implementation,
                  {OSDI} 2024},
  pages        = {193--210},
  publisher    = {{USENIX} Association},
  year         = {2024},
  url          = {https://www.usenix.org/conference/osdi24/presentation/zhong-yinmin},
}"""
    )
    run_import(lab_a, ("dblp.bib", dblp))

    paper = get(lab_a, venue_short="OSDI 2024")
    assert paper.title.startswith("DistServe: Disaggregating Prefill")
    assert authors(paper)[2] == "Xin Jin"
    link = paper.links.get()
    assert (link.kind, link.url) == ("other", "https://www.usenix.org/conference/osdi24/"
                                     "presentation/zhong-yinmin")


def test_format_can_be_forced(lab_a):
    content = b"%0 Journal Article\n%T A forced format\n%A Doe, Jane\n%D 2020\n"
    report = run_import(lab_a, ("export.txt", content), format="endnote")

    assert report.counts["created"] == 1
    assert [p.title for p in papers(lab_a)] == ["A forced format"]
