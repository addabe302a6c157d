"""Who may claim a host: only the platform operator (superuser) adds a Domain or renames
one; a lab admin manages the hosts their lab was given (see DomainAdmin)."""

import pytest

from labsite.admin import HOST_BY_OPERATOR
from labsite.models import Domain
from tests.admin.conftest import admin_url, client_for, errors_of, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def deployment(settings, world):
    """Hosts the operator meant for lab B's next site and for the default lab."""
    settings.ALLOWED_HOSTS = [
        "a.example.org",
        "b.example.org",
        "b-next.example.org",
        "fallback.example.org",
    ]
    settings.LABSITE_DEFAULT_LAB = world.lab_b.slug
    return world


@pytest.mark.parametrize(
    "host", ["b-next.example.org", "fallback.example.org", "new.a.example.org"]
)
def test_lab_admin_cannot_claim_a_host(deployment, host):
    world = deployment
    client = client_for(world, "admin_a")
    before = set(Domain.objects.values_list("pk", "host", "lab_id"))

    response = client.post(admin_url(Domain, "add"), {"host": host, "lab": world.lab_a.pk})

    assert response.status_code == 403
    assert set(Domain.objects.values_list("pk", "host", "lab_id")) == before
    # The fallback host still reaches the default lab, not lab A.
    page = client_for(world, "anonymous", host="fallback.example.org").get("/")
    assert world.lab_b.name in page.content.decode()
    assert world.lab_a.name not in page.content.decode()


def test_lab_admin_sees_no_add_button_and_cannot_rename_a_host(deployment):
    world = deployment
    client = client_for(world, "admin_a")
    listing = client.get(admin_url(Domain)).content.decode()
    assert "a.example.org" in listing
    assert admin_url(Domain, "add") not in listing

    domain = world.a["domain"]
    data = form_data(client.get(admin_url(domain, "change")))
    assert "host" not in data  # shown read-only, saying whom to ask
    assert HOST_BY_OPERATOR in client.get(admin_url(domain, "change")).content.decode()
    data["host"] = "b-next.example.org"
    client.post(admin_url(domain, "change"), data)
    domain.refresh_from_db()
    assert domain.host == "a.example.org"
    assert not Domain.objects.filter(host="b-next.example.org").exists()


def test_lab_admin_still_manages_their_lab_s_domains(deployment):
    world = deployment
    superuser = client_for(world, "superuser")
    second = Domain.objects.create(lab=world.lab_a, host="mia.example.org")
    client = client_for(world, "admin_a")

    data = form_data(client.get(admin_url(second, "change")))
    data["person"] = str(world.a["person_own"].pk)
    data["is_primary"] = "on"
    response = client.post(admin_url(second, "change"), data)
    assert response.status_code == 302, errors_of(response)
    second.refresh_from_db()
    assert second.person == world.a["person_own"] and second.is_primary

    # Another lab's domain stays out of reach.
    other = world.b["domain"]
    assert client.get(admin_url(other, "change")).status_code in (302, 404)
    client.post(admin_url(other, "delete"), {"post": "yes"})
    assert Domain.objects.filter(pk=other.pk).exists()
    assert "b.example.org" not in client.get(admin_url(Domain)).content.decode()

    client.post(admin_url(second, "delete"), {"post": "yes"})
    assert not Domain.objects.filter(pk=second.pk).exists()
    assert superuser.get(admin_url(Domain)).status_code == 200


def test_superuser_claims_and_renames_hosts(deployment):
    world = deployment
    client = client_for(world, "superuser")
    data = form_data(client.get(admin_url(Domain, "add")))
    data.update({"host": "B-Next.example.org", "lab": str(world.lab_b.pk)})
    response = client.post(admin_url(Domain, "add"), data)
    assert response.status_code == 302, errors_of(response)
    added = Domain.objects.get(host="b-next.example.org")
    assert added.lab == world.lab_b

    data.update({"host": "A.example.org"})
    response = client.post(admin_url(Domain, "add"), data)
    assert "already serves a lab" in errors_of(response)
    assert Domain.objects.get(host="a.example.org").lab == world.lab_a

    data = form_data(client.get(admin_url(added, "change")))
    data["host"] = "b-later.example.org"
    response = client.post(admin_url(added, "change"), data)
    assert response.status_code == 302, errors_of(response)
    added.refresh_from_db()
    assert added.host == "b-later.example.org"
