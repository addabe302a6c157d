"""Names that differ only by accents or TeX are one name, and keep their accents.

Real spellings: seed 003 (a lab's publication page) writes "Bottou, Leon" and
"Re, Christopher" where Scholar writes "Bottou, L{\\'e}on" and "R{\\'e}, Christopher";
MagicPIG's Scholar record is cut by "and others" after ten of its eleven authors.
Matching folds both (``publications.linking.name_tokens``, TeX decoded by the importers'
one rule, ``publications.importers.text.latex_to_text``); the spelling kept is the
accented one (``publications.imports.merge_policy.respell``).
"""

import pytest

from publications.imports import DUPLICATE, POSSIBLE_DUPLICATE, UPDATE, merge_publications
from publications.imports.merge_policy import AuthorRow, better_spelling, carry_over, respell
from publications.models import Authorship, PossibleDuplicate, Publication
from tests.factories import make_person, make_publication
from tests.imports.helpers import bib, run_import, snapshot

pytestmark = pytest.mark.django_db

MAGICPIG_TITLE = "MagicPIG: LSH Sampling for Efficient LLM Generation"
# Scholar: accents in TeX, the list cut after ten names.
MAGICPIG_SCHOLAR = r"""@article{chen2024magicpig,
  title={Magicpig: Lsh sampling for efficient llm generation},
  author={Chen, Zhuoming and Sadhukhan, Ranajoy and Ye, Zihao and Zhou, Yang and
    Zhang, Jianyu and Nolte, Niklas and Tian, Yuandong and Douze, Matthijs and
    Bottou, L{\'e}on and Jia, Zhihao and others},
  journal={arXiv preprint arXiv:2410.16179},
  year={2024}
}"""
# The lab's page (seed 003): all eleven, without the accent.
MAGICPIG_FULL = """@article{magicpig,
  title={MagicPIG: LSH Sampling for Efficient LLM Generation},
  author={Chen, Zhuoming and Sadhukhan, Ranajoy and Ye, Zihao and Zhou, Yang and
    Zhang, Jianyu and Nolte, Niklas and Tian, Yuandong and Douze, Matthijs and
    Bottou, Leon and Jia, Zhihao and Chen, Beidi},
  eprint={2410.16179}, archiveprefix={arXiv},
  year={2024}
}"""


def names(publication) -> list[str]:
    return list(Authorship.objects.for_lab(publication.lab).filter(publication=publication)
                .order_by("position").values_list("name", flat=True))


def the_paper(lab) -> Publication:
    return Publication.objects.for_lab(lab).get()


def test_a_full_list_without_accents_keeps_the_accents_of_the_cut_one(lab_a):
    run_import(lab_a, ("scholar.bib", bib(MAGICPIG_SCHOLAR)))
    assert "Léon Bottou" in names(the_paper(lab_a))

    report = run_import(lab_a, ("lab-page.bib", bib(MAGICPIG_FULL)))

    assert report.items[0].status == UPDATE
    paper = the_paper(lab_a)
    assert len(names(paper)) == 11 and not paper.authors_truncated
    assert names(paper)[8] == "Léon Bottou"
    assert "Leon Bottou" not in names(paper)


def test_an_accented_list_upgrades_a_paper_without_accents_and_keeps_its_links(lab_a):
    beidi = make_person(lab=lab_a, full_name="Beidi Chen")
    chris = make_person(lab=lab_a, full_name="Christopher Ré", slug="chris")
    # As seed 003 lists Deja vu: "Re, Christopher"; linked, Beidi marked by hand.
    paper = make_publication(
        lab=lab_a, title="Deja vu: Contextual sparsity for efficient llms at inference time",
        authors=["Zichang Liu", ("Christopher Re", chris),
                 ("Beidi Chen", beidi, {"corresponding": True})])
    scholar = r"""@inproceedings{liu2023deja,
      title={Deja vu: Contextual sparsity for efficient llms at inference time},
      author={Liu, Zichang and R{\'e}, Christopher and Chen, Beidi},
      booktitle={International Conference on Machine Learning}, year={2023}}"""

    report = run_import(lab_a, ("scholar.bib", bib(scholar)))

    assert report.items[0].status == UPDATE and "authors" in report.items[0].changes
    assert names(paper) == ["Zichang Liu", "Christopher Ré", "Beidi Chen"]
    rows = list(Authorship.objects.for_lab(lab_a).filter(publication=paper)
                .order_by("position"))
    assert [row.person for row in rows] == [None, chris, beidi]
    assert rows[2].corresponding
    # Once upgraded, neither spelling changes anything again.
    before = snapshot(lab_a)
    for name in ("R{\\'e}, Christopher", "Ré, Christopher", "Re, Christopher"):
        again = run_import(lab_a, ("again.bib", bib(scholar.replace("R{\\'e}, Christopher",
                                                                       name))))
        assert again.items[0].status == DUPLICATE, name
    assert snapshot(lab_a) == before


def test_a_list_without_accents_never_replaces_them(lab_a):
    paper = make_publication(lab=lab_a, title=MAGICPIG_TITLE,
                             authors=["Zhuoming Chen", "Léon Bottou"])
    plain = """@article{m, title={MagicPIG: LSH Sampling for Efficient LLM Generation},
      author={Chen, Zhuoming and Bottou, Leon}, journal={arXiv preprint arXiv:2410.16179},
      year={2024}}"""

    report = run_import(lab_a, ("plain.bib", bib(plain)))

    assert names(paper) == ["Zhuoming Chen", "Léon Bottou"]
    assert "authors" not in report.items[0].changes


def test_two_records_of_one_import_give_the_accented_spelling(lab_a):
    plain = MAGICPIG_FULL
    accented = MAGICPIG_FULL.replace("Bottou, Leon", "Bottou, L{\\'e}on").replace(
        "@article{magicpig", "@article{magicpig2")

    report = run_import(lab_a, ("two.bib", bib(plain, accented)))

    assert report.counts["created"] == 1
    assert names(the_paper(lab_a))[8] == "Léon Bottou"


def test_an_author_list_edited_in_admin_is_not_respelled(lab_a):
    paper = make_publication(lab=lab_a, title=MAGICPIG_TITLE,
                             authors=["Zhuoming Chen", "Leon Bottou"],
                             edited_fields=["authors"])
    accented = r"""@article{m, title={MagicPIG: LSH Sampling for Efficient LLM Generation},
      author={Chen, Zhuoming and Bottou, L{\'e}on}, year={2024},
      journal={arXiv preprint arXiv:2410.16179}}"""

    run_import(lab_a, ("accented.bib", bib(accented)))

    assert names(paper) == ["Zhuoming Chen", "Leon Bottou"]


def test_the_admin_merge_keeps_the_accented_spelling(lab_a):
    keep = make_publication(lab=lab_a, title=MAGICPIG_TITLE, kind="conference",
                            venue="NeurIPS", authors=["Zhuoming Chen", "Leon Bottou"])
    remove = make_publication(lab=lab_a, title=MAGICPIG_TITLE + " (arXiv)", kind="preprint",
                              authors=["Zhuoming Chen", "Léon Bottou"])

    merged = merge_publications(keep=keep, remove=remove)

    assert names(merged) == ["Zhuoming Chen", "Léon Bottou"]
    assert Publication.objects.for_lab(lab_a).count() == 1


def test_another_labs_paper_is_never_respelled(lab_a, lab_b):
    theirs = make_publication(lab=lab_b, title=MAGICPIG_TITLE,
                              authors=["Zhuoming Chen", "Leon Bottou"])
    before = snapshot(lab_b)

    run_import(lab_a, ("scholar.bib", bib(MAGICPIG_SCHOLAR)))

    assert snapshot(lab_b) == before and names(theirs)[1] == "Leon Bottou"
    assert "Léon Bottou" in names(the_paper(lab_a))


def test_a_first_author_with_a_letter_unicode_does_not_decompose(lab_a):
    """"Sønderby" (Scholar's "S{\\o}nderby") and "Sonderby" are one first author."""
    original = make_publication(lab=lab_a, title="Ladder Variational Autoencoders",
                                authors=["Casper Kaae Sønderby", "Tapani Raiko"])
    other = """@article{s, title={Ladder variational autoencoder},
      author={Sonderby, Casper Kaae and Raiko, Tapani}, journal={NeurIPS}, year={2016}}"""

    report = run_import(lab_a, ("other.bib", bib(other)))

    assert report.items[0].status == POSSIBLE_DUPLICATE
    assert PossibleDuplicate.objects.for_lab(lab_a).get().other == original


@pytest.mark.parametrize("current, incoming, better", [
    ("Leon Bottou", "Léon Bottou", True),
    ("Léon Bottou", "Leon Bottou", False),
    ("Thomas Muller", "Thomas Müller", True),
    ("Lukasz Kaiser", "Łukasz Kaiser", True),
    ("Christopher Re", "Christopher Ré", True),
    ("Léon Bottou", "Léon Bottou", False),
    ("Leon Bottou", "Léa Bottou", False),  # another name
    ("L Bottou", "Léon Bottou", False),  # an initial is not a spelling
])
def test_better_spelling(current, incoming, better):
    assert better_spelling(current, incoming) is better


def test_respell_matches_names_in_order_and_keeps_homonyms_apart():
    assert respell(["Wei Chen", "Wei Chen", "Leon Bottou"],
                   ["Wei Chen", "Wéi Chen", "Léon Bottou"]) == ["Wei Chen", "Wéi Chen",
                                                                 "Léon Bottou"]
    # Two homonyms keep their own links.
    assert carry_over([AuthorRow("Wei Chen"), AuthorRow("Wei Chen")],
                      [AuthorRow("Wei Chen", 1), AuthorRow("Wei Chen", 2)]) == [
        AuthorRow("Wei Chen", 1), AuthorRow("Wei Chen", 2)]
    assert carry_over([AuthorRow("Leon Bottou", None, True)],
                      [AuthorRow("Léon Bottou", 4)]) == [AuthorRow("Léon Bottou", 4, True)]
