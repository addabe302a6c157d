import pytest
from django.core.exceptions import ValidationError

from awards.models import Award
from tests.factories import make_award, make_person, make_publication

pytestmark = pytest.mark.django_db


def test_badge_label_is_the_badge_or_the_shortened_title(lab_a):
    paper = make_publication(lab=lab_a)
    assert make_award(lab=lab_a, title="Best Paper Award", badge="Best Paper",
                      publication=paper).badge_label == "Best Paper"  # fmt: skip
    assert make_award(lab=lab_a, title="Oral", publication=paper).badge_label == "Oral"
    long_title = "Outstanding Paper Award of the Annual Meeting of the Association " * 2
    label = make_award(lab=lab_a, title=long_title, publication=paper).badge_label
    assert len(label) == Award.BADGE_MAX_CHARS and label.endswith("…")
    assert long_title.startswith(label[:-1])


def test_a_whole_prize_fits_its_badge(lab_a):
    # Seed 003's prize, 57 characters, was cut at 40 ("IISA 2018 Best Student Paper in…").
    prize = "IISA 2018 Best Student Paper in Applied Statistics Award"
    paper = make_publication(lab=lab_a)
    assert make_award(lab=lab_a, title=prize, publication=paper).badge_label == prize
    assert Award._meta.get_field("badge").max_length == Award.BADGE_MAX_CHARS


def test_date_label_is_year_or_year_month(lab_a):
    person = make_person(lab=lab_a)
    assert make_award(lab=lab_a, person=person, year=2024).date_label == "2024"
    assert make_award(lab=lab_a, person=person, year=2025, month=9).date_label == "2025.09"


def test_award_needs_a_member_or_a_paper(lab_a):
    with pytest.raises(ValidationError, match="member, a publication, or both"):
        Award(lab=lab_a, title="Orphan", year=2024).full_clean()


def test_paper_award_needs_the_paper(lab_a):
    award = Award(lab=lab_a, title="Best Paper", year=2024, kind="paper",
                  person=make_person(lab=lab_a))  # fmt: skip
    with pytest.raises(ValidationError) as error:
        award.full_clean()
    assert "publication" in error.value.message_dict


def test_links_to_another_labs_rows_are_refused(lab_a, lab_b):
    award = Award(lab=lab_a, title="X", year=2024, publication=make_publication(lab=lab_b))
    with pytest.raises(ValidationError) as error:
        award.full_clean()
    assert "publication" in error.value.message_dict


def test_kinds_cover_the_seeds(lab_a):
    assert set(Award.Kind.values) == {
        "paper", "fellowship", "scholarship", "honour", "competition", "grant", "other",
    }  # fmt: skip


def test_for_person_finds_own_awards_and_awards_of_authored_papers(lab_a):
    lena, omar = make_person(lab=lab_a), make_person(lab=lab_a)
    paper = make_publication(lab=lab_a, authors=[("Lena", lena), ("Omar", omar)])
    own = make_award(lab=lab_a, person=lena, title="Own")
    of_paper = make_award(lab=lab_a, publication=paper, kind="paper", title="Paper")
    make_award(lab=lab_a, person=omar, title="Omar's")
    found = Award.objects.for_lab(lab_a).for_person(lena)
    assert set(found) == {own, of_paper}
    assert list(Award.objects.for_lab(lab_a).for_person(lena, with_papers=False)) == [own]


def test_description_is_rendered_and_sanitised_on_save(lab_a):
    award = make_award(lab=lab_a, person=make_person(lab=lab_a),
                       description="For *work* <img src=x onerror=alert(1)>")  # fmt: skip
    assert "<em>work</em>" in award.description_html
    assert "onerror" not in award.description_html
