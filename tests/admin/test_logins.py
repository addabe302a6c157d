"""The admin login page, member invitations and revoking a login."""

import re
import time
from urllib.parse import urlencode

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.core import signing
from django.test import Client

from labsite.models import LabRole
from tests.admin.conftest import admin_url, client_for, make_user
from tests.factories import make_person

pytestmark = pytest.mark.django_db

PASSWORD = "a long and good password 42"


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def alice(db):
    user = get_user_model().objects.create_user("alice", password=PASSWORD, is_staff=True)
    return user


# --- Login page (throttling: test_login_throttle.py) ----------------------------------------


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/admin/",
        "http://b.example.org/admin/",  # another lab's host is another site too
        "/\\evil.example/",
        "javascript:alert(1)",
        "",
    ],
)
def test_a_rejected_next_lands_on_the_admin_index(alice, next_url):
    client = Client(HTTP_HOST="a.example.org")
    response = client.post(
        "/admin/login/?" + urlencode({"next": next_url}),
        {"username": "alice", "password": PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[0][0] == "/admin/"
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Your lab&#x27;s content | labsite admin</title>" in page  # the index
    assert "<strong>alice</strong>" in page  # logged in


def test_a_safe_next_is_followed(alice):
    client = Client(HTTP_HOST="a.example.org")
    response = client.post(
        "/admin/login/?next=/admin/password_change/", {"username": "alice", "password": PASSWORD}
    )
    assert response["Location"] == "/admin/password_change/"


def test_no_public_password_reset_is_offered(alice):
    page = Client(HTTP_HOST="a.example.org").get("/admin/login/").content.decode()
    assert "labsite admin" in page
    assert "Forgotten your password" not in page


# --- Invitations ----------------------------------------------------------------------------


def login_page(person):
    return admin_url(person, "change").replace("/change/", "/login/")


def invite(world, person, role="admin_a"):
    response = client_for(world, role).post(login_page(person), {"action": "invite"})
    assert response.status_code == 200
    link = re.search(
        r"http://a\.example\.org(/admin/invitation/[^<\s]+/)", response.content.decode()
    )
    assert link, "the invitation link is shown"
    return response, link.group(1)


def accept(path, password=PASSWORD):
    """Follow an invitation link like a browser: open it, then post the new password."""
    client = Client(HTTP_HOST="a.example.org")
    response = client.get(path)
    if response.status_code != 302:
        return client, response
    form_url = response["Location"]
    response = client.post(form_url, {"new_password1": password, "new_password2": password})
    return client, response


def test_lab_admin_invites_a_member_who_sets_a_password(world):
    person = world.a["person_other"]
    person.email = "Otto@Example.org"
    person.save()
    response, path = invite(world, person)
    page = " ".join(response.content.decode().split())
    assert "Their username is <strong>otto@example.org</strong>" in page
    assert "expires in 7 days" in page

    person.refresh_from_db()
    user = person.user
    assert user.username == "otto@example.org"
    assert user.is_staff and user.is_active and not user.has_usable_password()
    assert LogEntry.objects.filter(
        object_id=str(person.pk), change_message__contains="invitation link"
    ).exists()

    client, response = accept(path)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    # Logged in as the member: their own page, not the others'.
    assert client.get(admin_url(person, "change")).status_code == 200
    assert client.get(admin_url(world.a["person_own"], "change")).status_code == 302

    # The link works once.
    _, response = accept(path, password="another good password 77")
    assert "no longer valid" in response.content.decode()


def test_invitation_links_expire(world, settings, monkeypatch):
    settings.LABSITE_INVITATION_DAYS = 2
    _, path = invite(world, world.a["person_other"])
    # The signer's clock, two days and an hour on.
    later = time.time() + (2 * 24 + 1) * 3600
    monkeypatch.setattr(signing.time, "time", lambda: later)
    _, response = accept(path)
    assert "no longer valid" in response.content.decode()


def test_a_tampered_link_is_refused(world):
    _, path = invite(world, world.a["person_other"])
    _, response = accept(path[:-3] + "00/")
    assert "no longer valid" in response.content.decode()


def test_only_the_labs_admins_manage_logins(world):
    person = world.a["person_other"]
    assert client_for(world, "editor_a").get(login_page(person)).status_code == 403
    assert client_for(world, "member_a").get(login_page(person)).status_code == 404
    assert (
        client_for(world, "admin_b").post(login_page(person), {"action": "invite"}).status_code
        == 404
    )
    person.refresh_from_db()
    assert person.user is None
    page = client_for(world, "admin_a").get(admin_url(person, "change")).content.decode()
    assert login_page(person) in page
    page = client_for(world, "editor_a").get(admin_url(person, "change")).content.decode()
    assert login_page(person) not in page


def test_revoke_unlinks_and_deactivates_the_login(world):
    person = world.a["person_own"]
    member = world.users["member_a"]
    member_client = client_for(world, "member_a")
    _, path = invite(world, person)  # a pending link, to be voided
    response = client_for(world, "admin_a").post(login_page(person), {"action": "revoke"})
    assert response.status_code == 302

    person.refresh_from_db()
    member.refresh_from_db()
    assert person.user is None
    assert not member.is_active and not member.is_staff
    assert member_client.get(admin_url(person, "change")).status_code == 302  # to the login page
    _, response = accept(path)
    assert "no longer valid" in response.content.decode()
    assert LogEntry.objects.filter(change_message__contains="Revoked the login").exists()


def test_revoke_keeps_a_login_that_works_in_another_lab(world):
    person = world.a["person_other"]
    shared = make_user("shared-login")
    make_person(lab=world.lab_b, full_name="Shared in B", user=shared)
    LabRole.objects.create(user=shared, lab=world.lab_a, role=LabRole.Role.EDITOR)
    person.user = shared
    person.save()

    admin_a = client_for(world, "admin_a")
    # A login that also works in lab B cannot get a new password from lab A's admin...
    page = admin_a.get(login_page(person)).content.decode()
    assert "ask a platform administrator" in page
    admin_a.post(login_page(person), {"action": "invite"})
    shared.refresh_from_db()
    assert not shared.has_usable_password() and shared.last_login is None
    # ...but lab A can take back its own access.
    admin_a.post(login_page(person), {"action": "revoke"})
    shared.refresh_from_db()
    person.refresh_from_db()
    assert person.user is None
    assert not LabRole.objects.filter(user=shared, lab=world.lab_a).exists()
    assert shared.is_active and shared.people.get().lab == world.lab_b


def test_a_lab_admin_cannot_take_over_a_superuser_or_revoke_themselves(world):
    person = world.a["person_other"]
    person.user = world.users["superuser"]
    person.save()
    admin_a = client_for(world, "admin_a")
    response = admin_a.post(login_page(person), {"action": "invite"}, follow=True)
    assert "not possible" in response.content.decode()
    assert "/admin/invitation/" not in response.content.decode()

    own = make_person(lab=world.lab_a, full_name="Alice Admin", user=world.users["admin_a"])
    admin_a.post(login_page(own), {"action": "revoke"})
    own.refresh_from_db()
    assert own.user == world.users["admin_a"]
