"""Admin login throttling, member invitations and revoking a login."""

import re
import time

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.test import Client

from labsite import auth
from labsite.models import LabRole
from tests.admin.conftest import admin_url, client_for, make_user
from tests.factories import make_person

pytestmark = pytest.mark.django_db

PASSWORD = "a long and good password 42"
THROTTLED = "Too many failed login attempts"


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def alice(db):
    user = get_user_model().objects.create_user("alice", password=PASSWORD, is_staff=True)
    return user


def login(username, password, ip="203.0.113.7", **headers):
    client = Client(HTTP_HOST="a.example.org", REMOTE_ADDR=ip, **headers)
    response = client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}
    )
    return response


def logged_in(response):
    return response.status_code == 302 and response["Location"] == "/admin/"


# --- Throttling -----------------------------------------------------------------------------


def test_five_failures_pause_the_username_even_with_the_right_password(alice):
    for _ in range(4):
        response = login("alice", "wrong")
        assert "Please enter the correct username and password" in response.content.decode()
    assert THROTTLED not in login("alice", "wrong").content.decode()  # the 5th still answers
    response = login("alice", PASSWORD)
    assert not logged_in(response)
    assert THROTTLED in response.content.decode()
    assert "try again in 15 minute(s)" in response.content.decode()


def test_username_case_and_spaces_do_not_reset_the_count(alice):
    for variant in ["alice", "ALICE", "Alice", " alice", "aLiCe"]:
        login(variant, "wrong")
    assert THROTTLED in login("alice", PASSWORD).content.decode()


def test_the_username_pause_holds_from_any_address(alice):
    for n in range(5):
        login("alice", "wrong", ip=f"198.51.100.{n}")
    assert THROTTLED in login("alice", PASSWORD, ip="192.0.2.200").content.decode()


def test_one_address_trying_many_usernames_is_paused(alice, settings):
    settings.LABSITE_LOGIN_FAILURE_LIMIT_PER_IP = 6
    for n in range(6):
        login(f"someone{n}", "wrong", ip="203.0.113.50")
    # A real account from that address is refused; from another address it works.
    assert THROTTLED in login("alice", PASSWORD, ip="203.0.113.50").content.decode()
    assert logged_in(login("alice", PASSWORD, ip="203.0.113.51"))


def test_a_spoofed_forwarded_for_header_does_not_reset_the_address_count(alice, settings):
    settings.LABSITE_LOGIN_FAILURE_LIMIT_PER_IP = 6
    for n in range(6):
        login(f"someone{n}", "wrong", ip="203.0.113.50", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    response = login("alice", PASSWORD, ip="203.0.113.50", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert THROTTLED in response.content.decode()


def test_a_trusted_proxy_reports_the_client_address(alice, settings):
    settings.LABSITE_TRUSTED_PROXY_COUNT = 1
    settings.LABSITE_LOGIN_FAILURE_LIMIT_PER_IP = 6
    proxy = "10.0.0.1"
    for n in range(6):
        # The client may prepend anything; the proxy appends the address it saw.
        login(f"someone{n}", "wrong", ip=proxy, HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 203.0.113.9")
    assert (
        THROTTLED
        in login(
            "alice", PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.9"
        ).content.decode()
    )
    # Another client behind the same proxy is not affected.
    assert logged_in(login("alice", PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR="203.0.113.10"))


def test_ipv6_clients_are_counted_per_network(alice, settings):
    settings.LABSITE_LOGIN_FAILURE_LIMIT_PER_IP = 3
    for n in range(3):
        login(f"someone{n}", "wrong", ip=f"2001:db8:1:2::{n + 1}")
    assert THROTTLED in login("alice", PASSWORD, ip="2001:db8:1:2::ffff").content.decode()


def test_the_pause_ends_after_the_cooldown(alice, monkeypatch):
    for _ in range(5):
        login("alice", "wrong")
    assert THROTTLED in login("alice", PASSWORD).content.decode()
    now = time.time()
    monkeypatch.setattr(auth.time, "time", lambda: now + 15 * 60 + 1)
    assert logged_in(login("alice", PASSWORD))


def test_a_successful_login_forgives_earlier_typos(alice):
    for _ in range(4):
        login("alice", "wrong")
    assert logged_in(login("alice", PASSWORD))
    for _ in range(4):
        login("alice", "wrong")
    assert logged_in(login("alice", PASSWORD))


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
    later = auth.invitation_tokens._now() + __import__("datetime").timedelta(days=2, hours=1)
    monkeypatch.setattr(auth.invitation_tokens, "_now", lambda: later)
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
