import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from labsite.models import Domain, Lab, normalise_host
from tests.factories import make_lab

pytestmark = pytest.mark.django_db


def test_each_host_shows_only_its_own_lab(client_a, client_b, lab_a, lab_b):
    lab_a.about = "We study *alpha* things."
    lab_a.save()
    page_a = client_a.get("/").content.decode()
    page_b = client_b.get("/").content.decode()
    assert "Alpha Systems Lab" in page_a and "<em>alpha</em>" in page_a
    assert "Beta Vision Group" not in page_a
    assert "Beta Vision Group" in page_b
    assert "Alpha Systems Lab" not in page_b and "alpha" not in page_b


def test_unknown_host_is_404_when_several_labs_exist(lab_a, lab_b):
    response = Client(HTTP_HOST="nobody.example.net").get("/")
    assert response.status_code == 404
    assert "No lab website is configured for" in response.content.decode()


@pytest.mark.parametrize("host", ["A.Example.ORG", "a.example.org:8443", "a.example.org."])
def test_host_matching_ignores_case_port_and_trailing_dot(lab_a, lab_b, host):
    response = Client(HTTP_HOST=host).get("/")
    assert response.status_code == 200
    assert "Alpha Systems Lab" in response.content.decode()


def test_single_lab_is_served_on_any_allowed_host(db):
    make_lab(name="Only Lab", hosts=["only.example.org"])
    response = Client(HTTP_HOST="127.0.0.1:8000").get("/")
    assert response.status_code == 200
    assert "Only Lab" in response.content.decode()


def test_default_lab_setting_serves_unknown_hosts(settings, lab_a, lab_b):
    settings.LABSITE_DEFAULT_LAB = "lab-b"
    response = Client(HTTP_HOST="elsewhere.example.net").get("/")
    assert "Beta Vision Group" in response.content.decode()


def test_domain_change_is_seen_on_the_next_request(lab_a, lab_b):
    client = Client(HTTP_HOST="new.example.org")
    assert client.get("/").status_code == 404
    Domain.objects.create(lab=lab_b, host="new.example.org")
    assert "Beta Vision Group" in client.get("/").content.decode()


def test_normalise_host():
    assert normalise_host(" Lab.Example.org:8000 ") == "lab.example.org"
    assert normalise_host("[::1]:8000") == "[::1]"


def test_createlab_creates_lab_and_domains(capsys):
    call_command("createlab", "sys", "--name", "Systems Lab", "--domain", "SYS.example.org",
                 "--domain", "www.sys.example.org")
    lab = Lab.objects.get(slug="sys")
    assert lab.name == "Systems Lab"
    assert sorted(lab.domains.values_list("host", flat=True)) == [
        "sys.example.org", "www.sys.example.org"]
    assert "Created lab" in capsys.readouterr().out


def test_createlab_refuses_a_taken_slug(lab_a):
    with pytest.raises(CommandError, match='slug "lab-a" already exists'):
        call_command("createlab", "lab-a", "--name", "Again", "--domain", "x.example.org")
    assert not Domain.objects.filter(host="x.example.org").exists()


def test_createlab_refuses_a_taken_domain_and_writes_nothing(lab_a):
    with pytest.raises(CommandError, match="a.example.org"):
        call_command("createlab", "other", "--name", "Other", "--domain", "fresh.example.org",
                     "--domain", "a.example.org")
    assert not Lab.objects.filter(slug="other").exists()
    assert not Domain.objects.filter(host="fresh.example.org").exists()


def test_createlab_refuses_an_invalid_domain(db):
    with pytest.raises(CommandError, match="host"):
        call_command("createlab", "bad", "--name", "Bad", "--domain", "http://bad host/")
    assert not Lab.objects.exists()


def test_createlab_exit_code_is_non_zero(lab_a):
    import subprocess
    import sys

    # Through the real command line: a user sees a message and a failing exit code.
    result = subprocess.run(
        [sys.executable, "manage.py", "createlab", "x", "--name", "X"],
        capture_output=True, text=True, env={"DEBUG": "1", "PATH": "/usr/bin:/bin",
                                             "DATABASE_URL": "sqlite:///:memory:"},
    )
    assert result.returncode != 0
