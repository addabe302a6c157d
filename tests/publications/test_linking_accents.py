"""The one linking rule folds accents and TeX: "Re" / "R{\\'e}" / "Ré" are one name.

Scholar's BibTeX writes accents in TeX ("R{\\'e}, Christopher", "Kaiser, {\\L}ukasz" in
"Attention is all you need", "fran{\\c{c}}ais"), other exports and pages write them
as Unicode or drop them ("Re, Christopher", "Bottou, Leon" in seed 003). TeX is decoded
by the importers' one rule (``publications.importers.text.latex_to_text``), also for
names that reach the linker undecoded (a variant or an author typed in admin).
"""

import pytest

from publications.linking import link_authors_to_members, name_tokens
from publications.models import Authorship
from tests.factories import make_person
from tests.imports.helpers import bib, run_import
from tests.publications.helpers import paper

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("spellings", [
    ("Christopher Re", "Christopher R{\\'e}", "Christopher Ré", "R{\\'{e}}, Christopher"),
    ("Leon Bottou", "Léon Bottou", "Bottou, L{\\'e}on"),
    ("Thomas Muller", "Thomas Müller", "M{\\\"u}ller, Thomas", "Thomas M\\\"{u}ller"),
    ("Francois Chollet", "François Chollet", "Fran{\\c{c}}ois Chollet"),
    ("Lukasz Kaiser", "Łukasz Kaiser", "Kaiser, {\\L}ukasz"),
    ("Zdenek Dvorak", "Zdeněk Dvořák", "Dvo{\\v{r}}{\\'a}k, Zden{\\v{e}}k"),
    ("Casper Kaae Sonderby", "Casper Kaae Sønderby", "S{\\o}nderby, Casper Kaae"),
    ("Asa Berg", "Åsa Berg", "{\\AA}sa Berg"),
])
def test_spellings_that_differ_by_accents_or_tex_are_one_name(spellings):
    assert len({name_tokens(name) for name in spellings}) == 1, [
        name_tokens(name) for name in spellings]


def test_a_stored_name_in_tex_is_linked_to_the_member(lab_a):
    zdenek = make_person(lab=lab_a, full_name="Zdeněk Dvořák")
    typed = paper(lab_a, "Typed in admin", authors=["Zden{\\v{e}}k Dvo{\\v{r}}{\\'a}k"])

    report = link_authors_to_members(lab=lab_a)

    assert Authorship.objects.for_lab(lab_a).get(publication=typed).person == zdenek
    assert len(report.linked) == 1


def test_an_imported_tex_name_is_linked_to_the_member_without_accents(lab_a, lab_b):
    lukasz = make_person(lab=lab_a, full_name="Lukasz Kaiser")
    namesake = make_person(lab=lab_b, full_name="Łukasz Kaiser")
    scholar = r"""@article{vaswani2017attention,
      title={Attention is all you need},
      author={Vaswani, Ashish and Shazeer, Noam and Parmar, Niki and Uszkoreit, Jakob and
        Jones, Llion and Gomez, Aidan N and Kaiser, {\L}ukasz and Polosukhin, Illia},
      journal={Advances in neural information processing systems}, volume={30},
      year={2017}}"""

    run_import(lab_a, ("scholar.bib", bib(scholar)))

    row = Authorship.objects.for_lab(lab_a).get(position=7)
    assert (row.name, row.person) == ("Łukasz Kaiser", lukasz)
    # Lab B's namesake is never a candidate, and lab B has no authorship.
    assert not Authorship.objects.for_lab(lab_b).exists()
    assert not namesake.authorships.exists()
