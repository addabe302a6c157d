"""What a typed link becomes (labsite/links.py), through the admin pages that take links:
e-mail addresses become mailto: links where one makes sense, nothing is silently given a
scheme, and every refusal says what to type instead, keeping the rest of the form."""

import pytest

from people.models import CVEntry, PersonLink
from publications.models import PublicationLink
from tests.admin.conftest import admin_url, build_world, client_for, errors_of, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(lab_a, lab_b):
    return build_world(lab_a, lab_b)


def post_inline_row(world, role, parent, prefix, row):
    """Post ``parent``'s change page with one more row in the ``prefix`` inline."""
    client = client_for(world, role)
    url = admin_url(parent, "change")
    data = form_data(client.get(url))
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return client.post(url, data)


def test_an_email_address_becomes_a_mailto_link(world, client_a):
    person = world.a["person_own"]
    response = post_inline_row(
        world,
        "member_a",
        person,
        "links",
        {"kind": "other", "url": " mia@example.org ", "label": "E-mail", "order": "5"},
    )
    assert response.status_code == 302, errors_of(response)
    link = PersonLink.objects.get(person=person, label="E-mail")
    assert link.url == "mailto:mia@example.org"

    page = client_a.get(person.get_absolute_url()).content.decode()
    assert 'href="mailto:mia@example.org"' in page
    assert "https://mia@example.org" not in page


def test_a_mailto_link_is_accepted_as_typed(world):
    person = world.a["person_own"]
    response = post_inline_row(
        world,
        "admin_a",
        person,
        "links",
        {"kind": "other", "url": "mailto:mia@example.org?subject=Hello", "order": "5"},
    )
    assert response.status_code == 302, errors_of(response)
    assert PersonLink.objects.filter(url="mailto:mia@example.org?subject=Hello").exists()


@pytest.mark.parametrize(
    "url,message",
    [
        ("example.org/me", "did you mean https://example.org/me?"),
        ("www.example.org", "did you mean https://www.example.org?"),
        ("//example.org/me", "did you mean https://example.org/me?"),
        ("https://mia@example.org", "makes this a login to example.org"),
        ("mailto:not an address", "Enter an e-mail address after mailto:"),
        ("javascript:alert(1)", "Enter a full web address starting with https://"),
        ("example.org/" + "x" * 600, "Enter a full web address starting with https://"),
    ],
)
def test_a_link_that_is_not_one_is_refused_with_a_clear_message(world, url, message):
    person = world.a["person_own"]
    before = list(PersonLink.objects.values_list("pk", "url"))
    response = post_inline_row(
        world,
        "member_a",
        person,
        "links",
        {"kind": "other", "url": url, "label": "Mine", "order": "5"},
    )
    assert response.status_code == 200
    assert message in errors_of(response)
    assert list(PersonLink.objects.values_list("pk", "url")) == before
    # What was typed is still there to correct.
    page = response.content.decode()
    assert "Mine" in page and person.full_name in page


def test_an_email_for_a_profile_site_asks_for_the_kind_other(world):
    response = post_inline_row(
        world,
        "member_a",
        world.a["person_own"],
        "links",
        {"kind": "github", "url": "mia@example.org", "order": "5"},
    )
    assert response.status_code == 200
    assert 'kind "Other"' in errors_of(response)
    assert not PersonLink.objects.filter(url__contains="mia@example.org").exists()


def test_web_only_links_refuse_an_email_address_clearly(world):
    response = post_inline_row(
        world,
        "member_a",
        world.a["person_own"],
        "cv_entries",
        {"kind": "talk", "title": "A talk", "link": "mia@example.org", "order": "0"},
    )
    assert "This is an e-mail address; this link needs a web address" in errors_of(response)
    assert not CVEntry.objects.filter(title="A talk").exists()

    paper = world.a["publication_own"]
    response = post_inline_row(
        world, "member_a", paper, "links", {"kind": "code", "url": "mia@example.org", "order": "0"}
    )
    assert "This is an e-mail address" in errors_of(response)
    response = post_inline_row(
        world, "member_a", paper, "links", {"kind": "code", "url": "github.com/mia", "order": "0"}
    )
    assert "did you mean https://github.com/mia?" in errors_of(response)
    assert (
        not PublicationLink.objects.filter(url__contains="mia")
        .exclude(pk=world.a["publicationlink_own"].pk)
        .exists()
    )


def test_award_links_follow_the_same_rule(world):
    from awards.models import Award

    award = world.a["award_own"]
    client = client_for(world, "member_a")
    data = form_data(client.get(admin_url(award, "change")))
    data["link"] = "name@example.org"
    response = client.post(admin_url(award, "change"), data)
    assert "This is an e-mail address" in errors_of(response)
    data["link"] = "https://example.org/prize"
    response = client.post(admin_url(award, "change"), data)
    assert response.status_code == 302, errors_of(response)
    assert Award.objects.get(pk=award.pk).link == "https://example.org/prize"


def test_a_mailto_link_of_another_lab_is_never_shown(world, client_a):
    PersonLink.objects.create(
        lab=world.lab_b, person=world.b["person"], kind="other", url="mailto:beta@example.org"
    )
    assert client_a.get(f"/people/{world.b['person'].slug}/").status_code == 404
    page = client_a.get("/people/").content.decode()
    assert "beta@example.org" not in page
