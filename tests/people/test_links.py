"""Links and CV entries accept only web addresses that fit their kind."""

import pytest
from django.core.exceptions import ValidationError

from people.models import CVEntry, PersonLink
from people.validators import orcid_error
from tests.factories import make_person

pytestmark = pytest.mark.django_db


def link_errors(lab, kind, url) -> list[str]:
    link = PersonLink(lab=lab, person=make_person(lab=lab), kind=kind, url=url)
    try:
        link.full_clean()
    except ValidationError as error:
        return error.message_dict.get("url", [])
    return []


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(document.cookie)",
        "JaVaScRiPt:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "ftp://example.org/cv.pdf",
        "example.org/me",
    ],
)
def test_only_web_addresses_are_accepted(lab_a, url):
    assert link_errors(lab_a, "other", url) == [
        "Enter a full web address starting with https:// (or http://)."
    ]


def test_a_javascript_cv_link_is_refused(lab_a):
    entry = CVEntry(
        lab=lab_a,
        person=make_person(lab=lab_a),
        kind="talk",
        title="Talk",
        link="javascript:alert(1)",
    )
    with pytest.raises(ValidationError) as caught:
        entry.full_clean()
    assert "link" in caught.value.message_dict


def test_good_links_pass(lab_a):
    for kind, url in [
        ("scholar", "https://scholar.google.co.uk/citations?user=ABC"),
        ("github", "https://github.com/example"),
        ("x", "https://twitter.com/example"),
        ("linkedin", "https://www.linkedin.com/in/example"),
        ("orcid", "https://orcid.org/0000-0002-1825-0097"),
        ("dblp", "https://dblp.org/pid/00/0000.html"),
        ("homepage", "http://example.edu/~ada/"),
    ]:
        assert link_errors(lab_a, kind, url) == [], (kind, url)


def test_a_link_of_the_wrong_site_for_its_kind_is_refused(lab_a):
    [message] = link_errors(lab_a, "github", "https://gitlab.com/example")
    assert "should point to github.com" in message and '"Other"' in message
    [message] = link_errors(lab_a, "scholar", "https://scholar.example.com/x")
    assert "scholar.google.com" in message
    # A look-alike host is not a subdomain.
    assert link_errors(lab_a, "github", "https://github.com.evil.example/x")


def test_orcid_check_digit():
    assert orcid_error("0000-0002-1825-0097") is None
    assert orcid_error("0000-0001-5109-3700") is None
    assert "check digit" in orcid_error("0000-0002-1825-0098")
    assert "looks like" in orcid_error("not-an-id")


def test_left_before_joined_has_a_clear_message(lab_a):
    import datetime

    person = make_person(lab=lab_a)
    person.joined, person.left = datetime.date(2024, 1, 1), datetime.date(2023, 1, 1)
    with pytest.raises(ValidationError) as caught:
        person.full_clean()
    assert "The date left must be on or after the date joined." in caught.value.messages


def test_an_openalex_author_link_must_be_an_author_on_openalex(lab_a):
    assert link_errors(lab_a, "openalex", "https://openalex.org/A5023888391") == []
    [message] = link_errors(lab_a, "openalex", "https://example.org/A5023888391")
    assert "should point to openalex.org" in message
    [message] = link_errors(lab_a, "openalex", "https://openalex.org/W2741809807")  # a work
    assert "looks like https://openalex.org/A5023888391" in message
