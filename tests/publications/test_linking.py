import pytest

from labsite.cache import content_version
from publications.linking import initials_match, link_authors_to_members, name_tokens
from publications.models import Authorship
from tests.factories import make_person
from tests.publications.helpers import paper

pytestmark = pytest.mark.django_db


def person_of(publication, position):
    return Authorship.objects.get(publication=publication, position=position).person


@pytest.mark.parametrize(
    ("name", "tokens"),
    [
        ("Beidi Chen", ("beidi", "chen")),
        ("Chen, Beidi", ("beidi", "chen")),
        ("B. Chen", ("b", "chen")),
        ("Ganger, Gregory R.", ("gregory", "r", "ganger")),
        ("GR Ganger", ("g", "r", "ganger")),
        ("Christopher Ré", ("christopher", "re")),
        ("De Sa, Christopher", ("christopher", "de", "sa")),
        ("J.-P. Dupont", ("j", "p", "dupont")),
        ("Wei Chen 0001", ("wei", "chen")),
        ("Smith, Jr., John", ("john", "smith")),
        ("Jiaming Xu*", ("jiaming", "xu")),
    ],
)
def test_name_tokens(name, tokens):
    assert name_tokens(name) == tokens


@pytest.mark.parametrize(
    ("author", "member", "expected"),
    [
        ("B Chen", "Beidi Chen", True),
        ("Eric P Xing", "Eric Xing", True),
        ("Eric Xing", "Eric P Xing", True),
        ("GR Ganger", "Gregory R Ganger", True),
        ("G. Ganger", "Gregory R Ganger", True),
        ("Bo Chen", "Beidi Chen", False),
        ("B Chan", "Beidi Chen", False),
        ("Eric Q Xing", "Eric P Xing", False),
        ("Chen", "Beidi Chen", False),
    ],
)
def test_initials_match(author, member, expected):
    assert initials_match(name_tokens(author), name_tokens(member)) is expected


def test_links_by_full_name_variant_and_initials(lab_a):
    beidi = make_person(lab=lab_a, full_name="Beidi Chen")
    aurick = make_person(lab=lab_a, full_name="Aurick Qiao", name_variants="Qiao, A.\nA Qiao")
    ganger = make_person(lab=lab_a, full_name="Gregory R Ganger")
    re = make_person(lab=lab_a, full_name="Christopher Ré")
    publication = paper(
        lab_a,
        "Everything",
        authors=[
            "Chen, Beidi",
            "Qiao, A.",
            "G. R. Ganger",
            "Christopher Re",
            "Zed Outsider",
        ],
    )
    other = paper(lab_a, "Initials only", authors=["B Chen", "Chen Beidi"])

    report = link_authors_to_members(lab=lab_a)

    assert [person_of(publication, n) for n in range(1, 6)] == [beidi, aurick, ganger, re, None]
    # Surname-first "Chen Beidi" is more certain than "B Chen", and a member is at most
    # one author of a paper.
    assert (person_of(other, 1), person_of(other, 2)) == (None, beidi)
    assert len(report.linked) == 5 and report.ambiguous == []


def test_ambiguous_initials_are_left_for_review(lab_a):
    beidi = make_person(lab=lab_a, full_name="Beidi Chen")
    bo = make_person(lab=lab_a, full_name="Bo Chen")
    lone = paper(lab_a, "Ambiguous", authors=["Anna Other", "B. Chen"])
    solo = paper(lab_a, "One Chen", authors=["Beidi Chen"])

    report = link_authors_to_members(lab=lab_a)

    assert person_of(lone, 2) is None
    assert person_of(solo, 1) == beidi
    assert [a.authorship.name for a in report.ambiguous] == ["B. Chen"]
    assert report.ambiguous[0].authorship.publication_id == lone.pk
    assert set(report.ambiguous[0].candidates) == {beidi, bo}


def test_certain_matches_are_decided_before_initials(lab_a):
    beidi = make_person(lab=lab_a, full_name="Beidi Chen")
    bo = make_person(lab=lab_a, full_name="Bo Chen")
    # "B Chen" comes first, but "Bo Chen" is certain; then "B Chen" fits two members of
    # whom one is already on the paper: it is Bo's own authorship, not a guess at Beidi.
    publication = paper(lab_a, "Two Chens", authors=["B Chen", "Bo Chen"])
    report = link_authors_to_members(lab=lab_a)
    assert (person_of(publication, 1), person_of(publication, 2)) == (None, bo)
    assert report.ambiguous == [] and beidi.authorships.count() == 0


def test_an_exact_variant_beats_an_initials_guess(lab_a):
    make_person(lab=lab_a, full_name="Beidi Chen")
    bo = make_person(lab=lab_a, full_name="Bo Chen", name_variants="B. Chen")
    publication = paper(lab_a, "Explicit", authors=["B Chen"])
    report = link_authors_to_members(lab=lab_a)
    assert person_of(publication, 1) == bo and report.ambiguous == []


def test_links_set_by_hand_are_kept_and_other_labs_members_never_used(lab_a, lab_b):
    beidi = make_person(lab=lab_a, full_name="Beidi Chen")
    make_person(lab=lab_b, full_name="Zed Outsider")
    someone = make_person(lab=lab_a, full_name="Someone Else")
    publication = paper(lab_a, "Hand-made", authors=[("Beidi Chen", someone), "Zed Outsider"])

    report = link_authors_to_members(lab=lab_a)

    assert person_of(publication, 1) == someone  # a person decided; never overwritten
    assert person_of(publication, 2) is None
    assert report.linked == []
    assert beidi.authorships.count() == 0


def test_only_the_given_publications_and_labs_are_touched(lab_a, lab_b):
    make_person(lab=lab_a, full_name="Beidi Chen")
    make_person(lab=lab_b, full_name="Beidi Chen")
    first = paper(lab_a, "First", authors=["Beidi Chen"])
    second = paper(lab_a, "Second", authors=["Beidi Chen"])
    theirs = paper(lab_b, "Theirs", authors=["Beidi Chen"])

    link_authors_to_members(lab=lab_a, publications=[first])

    assert person_of(first, 1).lab == lab_a
    assert person_of(second, 1) is None
    assert person_of(theirs, 1) is None
    link_authors_to_members(lab=lab_b)
    assert person_of(theirs, 1).lab == lab_b


def test_people_limits_the_members_considered(lab_a):
    beidi = make_person(lab=lab_a, full_name="Beidi Chen")
    make_person(lab=lab_a, full_name="Aurick Qiao")
    publication = paper(lab_a, "Both", authors=["Aurick Qiao", "Beidi Chen"])
    link_authors_to_members(lab=lab_a, people=[beidi])
    assert person_of(publication, 1) is None
    assert person_of(publication, 2) == beidi


def test_linking_makes_cached_pages_stale(lab_a):
    make_person(lab=lab_a, full_name="Beidi Chen")
    paper(lab_a, "Cached", authors=["Beidi Chen"])
    before = content_version(lab_a.pk)
    report = link_authors_to_members(lab=lab_a)
    assert len(report.linked) == 1
    assert content_version(lab_a.pk) > before


def test_nothing_to_do_is_cheap(lab_a, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        report = link_authors_to_members(lab=lab_a)
    assert report.linked == [] and report.ambiguous == []
