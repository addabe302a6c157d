"""Per-lab redirects: a member's old ``/about/`` and ``/about.html`` land on the new page
with a 301, only where the site would answer 404, scoped by lab and by host."""

import io
import json
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client

from labsite.models import Lab, Redirect, normalise_old_path
from labsite.redirects import redirect_target
from tests.admin.conftest import admin_url, build_world, client_for
from tests.factories import make_domain, make_person, make_redirect

pytestmark = pytest.mark.django_db

MEMBER_HOST = "ada.example.com"


@pytest.fixture
def ada(lab_a):
    person = make_person(lab=lab_a, full_name="Ada Lovelace", slug="ada", homepage_enabled=True)
    make_domain(lab=lab_a, host=MEMBER_HOST, person=person)
    return person


def test_old_paths_of_a_member_s_site_land_on_the_new_page(client_a, lab_a, ada):
    make_redirect(lab=lab_a, old_path="/about/", target="/people/ada/")
    make_redirect(lab=lab_a, old_path="about.html", target="/people/ada/")
    for old in ("/about/", "/about.html", "/about.html?lang=en"):
        response = client_a.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == "/people/ada/"
        assert "max-age=86400" in response["Cache-Control"]
    page = client_a.get("/about.html", follow=True)
    assert page.redirect_chain == [("/people/ada/", 301)]
    assert "Ada Lovelace" in page.content.decode()


def test_a_redirect_never_hides_a_page_of_the_site(client_a, lab_a, ada):
    make_redirect(lab=lab_a, old_path="/people/", target="https://elsewhere.example.net/")
    response = client_a.get("/people/")
    assert response.status_code == 200 and "Ada Lovelace" in response.content.decode()


def test_an_absolute_target_is_followed_as_given(client_a, lab_a):
    make_redirect(lab=lab_a, old_path="/blog/", target="https://blog.example.net/ada")
    response = client_a.get("/blog/")
    assert (response.status_code, response["Location"]) == (301, "https://blog.example.net/ada")


def test_another_lab_s_redirects_never_fire_on_this_lab_s_hosts(client_a, client_b, lab_a, lab_b):
    make_redirect(lab=lab_b, old_path="/about/", target="https://beta.example.net/secret")
    response = client_a.get("/about/")
    assert response.status_code == 404
    assert "beta.example.net" not in response.content.decode()
    assert client_b.get("/about/")["Location"] == "https://beta.example.net/secret"


def test_a_member_domain_redirect_fires_only_on_that_domain(client_a, lab_a, ada):
    make_redirect(lab=lab_a, host=MEMBER_HOST, old_path="/about.html", target="/")
    on_member_domain = Client(HTTP_HOST=MEMBER_HOST).get("/about.html")
    assert (on_member_domain.status_code, on_member_domain["Location"]) == (301, "/")
    assert client_a.get("/about.html").status_code == 404


def test_a_lab_wide_redirect_also_fires_on_members_domains(lab_a, ada):
    make_redirect(lab=lab_a, old_path="/cv.pdf", target="https://example.org/cv.pdf")
    response = Client(HTTP_HOST=MEMBER_HOST).get("/cv.pdf")
    assert (response.status_code, response["Location"]) == (301, "https://example.org/cv.pdf")


def test_the_host_s_own_redirect_beats_the_lab_wide_one(client_a, lab_a, ada):
    make_redirect(lab=lab_a, old_path="/about/", target="/people/")
    make_redirect(lab=lab_a, host=MEMBER_HOST, old_path="/about/", target="/")
    assert Client(HTTP_HOST=MEMBER_HOST).get("/about/")["Location"] == "/"
    assert client_a.get("/about/")["Location"] == "/people/"


def test_one_indexed_query_per_404(lab_a, django_assert_num_queries):
    make_redirect(lab=lab_a, old_path="/about/", target="/people/")
    with django_assert_num_queries(1):
        assert redirect_target(lab_a, "A.Example.org:8000", "/about/") == "/people/"
    with django_assert_num_queries(1):
        assert redirect_target(lab_a, "a.example.org", "/nothing/") is None
    with django_assert_num_queries(0):
        assert redirect_target(lab_a, "a.example.org", "/" + "x" * 600) is None


def test_redirects_stay_correct_behind_the_page_cache(client_a, lab_a):
    """A 404 is never cached: a redirect added (or removed) applies on the next request."""
    assert client_a.get("/about/").status_code == 404
    row = make_redirect(lab=lab_a, old_path="/about/", target="/people/")
    assert client_a.get("/about/").status_code == 301
    row.delete()
    assert client_a.get("/about/").status_code == 404


def test_a_stored_target_that_is_no_web_address_is_not_followed(client_a, lab_a):
    Redirect.objects.create(lab=lab_a, old_path="/x/", target="javascript:alert(1)")
    Redirect.objects.create(lab=lab_a, old_path="/y/", target="//evil.example.net/")
    assert client_a.get("/x/").status_code == 404
    assert client_a.get("/y/").status_code == 404


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("about.html", "/about.html"),
        ("  /about/  ", "/about/"),
        ("/about.html?lang=en#top", "/about.html"),
        ("https://old.example.org/~ada/index.html?x=1", "/~ada/index.html"),
        ("/caf%C3%A9/", "/café/"),
    ],
)
def test_old_paths_are_normalised(typed, stored):
    assert normalise_old_path(typed) == stored


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("javascript:alert(1)", "full web address"),
        ("//evil.example.net/", "path on this site"),
        ("people/ada", "path on this site"),
        ("/a b", "path on this site"),
        ("ftp://example.org/", "full web address"),
        ("/about/", "loop"),
    ],
)
def test_bad_targets_get_a_clear_message(lab_a, target, message):
    row = Redirect(lab=lab_a, old_path="/about/", target=target)
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert message in " ".join(error.value.messages)


def test_a_lab_has_a_bounded_number_of_redirects(lab_a, lab_b, settings):
    settings.LABSITE_REDIRECTS_PER_LAB = 2
    make_redirect(lab=lab_a, old_path="/one/")
    make_redirect(lab=lab_a, old_path="/two/")
    make_redirect(lab=lab_b, old_path="/one/")  # another lab's count is its own
    with pytest.raises(ValidationError, match="at most 2 redirects"):
        Redirect(lab=lab_a, old_path="/three/", target="/").full_clean()
    Redirect(lab=lab_b, old_path="/three/", target="/").full_clean()


def test_old_paths_are_bounded_in_length(lab_a):
    with pytest.raises(ValidationError, match="at most 500 characters|under 500"):
        Redirect(lab=lab_a, old_path="/" + "x" * 600, target="/").full_clean()


# --- Admin -----------------------------------------------------------------------------------


@pytest.fixture
def world(lab_a, lab_b):
    world = build_world(lab_a, lab_b)
    make_domain(lab=lab_a, host=MEMBER_HOST, person=world.a["person_own"])
    make_domain(lab=lab_b, host="beatrix.example.com", person=world.b["person"])
    world.b["redirect"] = make_redirect(lab=lab_b, old_path="/beta-secret/", target="/")
    return world


def add_form(**fields):
    return {"host": "", "old_path": "/about/", "target": "/people/", "note": "", **fields}


@pytest.mark.parametrize("role", ["admin_a", "editor_a"])
def test_lab_staff_add_redirects_with_hosts_of_their_lab_only(world, role):
    client = client_for(world, role)
    page = client.get(admin_url(Redirect, "add")).content.decode()
    assert MEMBER_HOST in page and "a.example.org" in page
    assert "b.example.org" not in page and "beatrix.example.com" not in page
    response = client.post(admin_url(Redirect, "add"), add_form(host=MEMBER_HOST))
    assert response.status_code == 302
    row = Redirect.objects.for_lab(world.lab_a).get()
    assert (row.host, row.old_path, row.target) == (MEMBER_HOST, "/about/", "/people/")


def test_another_lab_s_host_is_refused(world):
    client = client_for(world, "admin_a")
    response = client.post(admin_url(Redirect, "add"), add_form(host="beatrix.example.com"))
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not Redirect.objects.for_lab(world.lab_a).exists()


def test_the_host_must_be_one_of_the_chosen_lab_s_hosts(world):
    """A superuser picks the lab: a host of another lab is refused all the same."""
    client = client_for(world, "superuser")
    response = client.post(
        admin_url(Redirect, "add"),
        add_form(lab=str(world.lab_a.pk), host="beatrix.example.com"),
    )
    assert "Choose one of this lab" in response.content.decode()
    assert not Redirect.objects.for_lab(world.lab_a).exists()


def test_members_and_other_labs_do_not_see_the_lab_s_redirects(world):
    assert client_for(world, "member_a").get(admin_url(Redirect)).status_code == 403
    listing = client_for(world, "admin_a").get(admin_url(Redirect)).content.decode()
    assert "/beta-secret/" not in listing
    other = client_for(world, "admin_a").get(admin_url(world.b["redirect"], "change"))
    assert other.status_code == 302 and "/beta-secret/" not in other.content.decode()


def test_the_admin_says_what_is_wrong_with_a_bad_target(world):
    client = client_for(world, "editor_a")
    response = client.post(admin_url(Redirect, "add"), add_form(target="javascript:alert(1)"))
    assert "Enter a full web address starting with https://" in response.content.decode()
    assert not Redirect.objects.for_lab(world.lab_a).exists()


# --- Archive ---------------------------------------------------------------------------------


def test_redirects_survive_a_dump_and_load(tmp_path, lab_a, ada):
    make_redirect(lab=lab_a, host=MEMBER_HOST, old_path="/about.html", target="/", note="old")
    make_redirect(lab=lab_a, old_path="/about/", target="/people/ada/")
    archive = tmp_path / "lab.zip"
    call_command("dumplab", "lab-a", "-o", str(archive), stdout=io.StringIO())
    with zipfile.ZipFile(archive) as opened:
        rows = json.loads(opened.read("lab.json"))["models"]["labsite.redirect"]
    assert {(row["host"], row["old_path"]) for row in rows} == {
        (MEMBER_HOST, "/about.html"),
        ("", "/about/"),
    }
    Lab.objects.filter(pk=lab_a.pk).delete()
    call_command("loadlab", str(archive), stdout=io.StringIO(), stderr=io.StringIO())
    restored = Lab.objects.get(slug="lab-a")
    assert sorted(
        Redirect.objects.for_lab(restored).values_list("host", "old_path", "target", "note")
    ) == [("", "/about/", "/people/ada/", ""), (MEMBER_HOST, "/about.html", "/", "old")]
    response = Client(HTTP_HOST=MEMBER_HOST).get("/about.html")
    assert (response.status_code, response["Location"]) == (301, "/")
