"""Crossing labs on purpose: lab B rows by id through lab A's admin, and crafted posts that
set ``lab`` or a relation to another lab's row. Each is refused and nothing is saved."""

import pytest
from django.contrib.admin.models import LogEntry
from django.utils.html import escape

from labsite.models import LabRole
from news.models import NewsItem
from people.models import Group, Person
from publications.models import Authorship, Publication
from tests.admin.conftest import admin_url, client_for, errors_of, form_data, make_user
from tests.factories import make_lab

pytestmark = pytest.mark.django_db

B_KEYS = ["group", "person", "tag", "publication", "newsitem", "award", "domain", "labrole", "lab"]
INSIDERS = ["admin_a", "editor_a", "member_a"]


@pytest.mark.parametrize("role", INSIDERS)
@pytest.mark.parametrize("key", B_KEYS)
def test_lab_b_rows_are_out_of_reach_by_id(world, role, key):
    obj = world.b[key]
    model = type(obj)
    client = client_for(world, role)
    before = {f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields}
    secret = escape(str(obj))

    for url in [admin_url(obj, "change"), admin_url(obj, "delete"), admin_url(obj, "history")]:
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        assert secret not in response.content.decode()

    # Posting a full, valid form (as a superuser would see it) changes nothing.
    data = form_data(client_for(world, "superuser").get(admin_url(obj, "change")))
    first_text_field = (
        next(
            name
            for name in ["name", "position", "title", "host", "tagline"]
            if name in data and hasattr(obj, name)
        )
        if key != "labrole"
        else "role"
    )
    data[first_text_field] = "admin" if key == "labrole" else "hijacked"
    response = client.post(admin_url(obj, "change"), data)
    assert response.status_code in (302, 403, 404)
    response = client.post(admin_url(obj, "delete"), {"post": "yes"})
    assert response.status_code in (302, 403, 404)

    obj = model._default_manager.get(pk=obj.pk)
    assert {f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields} == before


@pytest.mark.parametrize("role", ["admin_a", "editor_a"])
def test_bulk_delete_and_list_editing_ignore_lab_b_ids(world, role):
    client = client_for(world, role)
    group_b = world.b["group"]
    response = client.post(
        admin_url(Group),
        {"action": "delete_selected", "_selected_action": [group_b.pk], "post": "yes"},
    )
    assert response.status_code in (200, 302)
    assert Group.objects.filter(pk=group_b.pk).exists()

    # The changelist's editable "order" column, posted for a lab B row.
    response = client.post(
        admin_url(Group),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(group_b.pk),
            "form-0-order": "99",
            "_save": "Save",
        },
    )
    group_b.refresh_from_db()
    assert group_b.order != 99


# --- Crafted posts: the lab field ----------------------------------------------------------


@pytest.mark.parametrize("role", ["admin_a", "editor_a"])
def test_posting_lab_b_on_add_lands_in_lab_a_or_nowhere(world, role):
    client = client_for(world, role)
    data = form_data(client_for(world, "superuser").get(admin_url(Group, "add")))
    data.update({"name": "Smuggled group", "kind": "phd", "order": "1", "lab": world.lab_b.pk})
    client.post(admin_url(Group, "add"), data)
    assert not Group.objects.filter(lab=world.lab_b, name="Smuggled group").exists()
    # The lab of the host (the user's lab) is used instead.
    assert Group.objects.get(name="Smuggled group").lab == world.lab_a


def test_posting_lab_b_on_change_is_ignored(world):
    person = world.a["person_other"]
    client = client_for(world, "editor_a")
    data = form_data(client_for(world, "superuser").get(admin_url(person, "change")))
    data.update({"lab": world.lab_b.pk, "position": "Moved?"})
    client.post(admin_url(person, "change"), data)
    person.refresh_from_db()
    assert person.lab == world.lab_a and person.position == "Moved?"


def test_superuser_cannot_move_a_row_to_another_lab(world):
    person = world.a["person_other"]
    client = client_for(world, "superuser")
    data = form_data(client.get(admin_url(person, "change")))
    data["lab"] = world.lab_b.pk
    client.post(admin_url(person, "change"), data)
    person.refresh_from_db()
    assert person.lab == world.lab_a


@pytest.fixture
def two_lab_editor(world):
    """Editor of lab A and of a third lab C: the lab becomes a choice off their hosts."""
    lab_c = make_lab(slug="lab-c", name="Gamma Lab", hosts=["c.example.org"])
    user = make_user("multi-editor")
    LabRole.objects.create(user=user, lab=world.lab_a, role=LabRole.Role.EDITOR)
    LabRole.objects.create(user=user, lab=lab_c, role=LabRole.Role.EDITOR)
    world.users["multi"] = user
    return lab_c


def test_several_labs_choose_only_among_their_own(world, two_lab_editor):
    lab_c = two_lab_editor
    client = client_for(world, "multi", host="admin.example.net")  # no lab on this host
    response = client.get(admin_url(Group, "add"))
    lab_field = response.context["adminform"].form.fields["lab"]
    assert set(lab_field.queryset) == {world.lab_a, lab_c}
    page = response.content.decode()
    assert "Beta Vision Group" not in page and "Gamma Lab" in page

    data = {"name": "Crafted", "kind": "phd", "order": "0", "lab": world.lab_b.pk}
    response = client.post(admin_url(Group, "add"), data)
    assert response.status_code == 200
    assert "lab" in response.context["adminform"].form.errors
    assert not Group.objects.filter(name="Crafted").exists()

    data["lab"] = lab_c.pk
    client.post(admin_url(Group, "add"), data)
    assert Group.objects.get(name="Crafted").lab == lab_c


def test_several_labs_on_a_lab_host_use_that_lab(world, two_lab_editor):
    client = client_for(world, "multi", host="c.example.org")
    response = client.get(admin_url(Group, "add"))
    assert "lab" not in response.context["adminform"].form.fields
    client.post(admin_url(Group, "add"), {"name": "On C", "kind": "phd", "order": "0"})
    assert Group.objects.get(name="On C").lab == two_lab_editor


# --- Crafted posts: relations to lab B rows -------------------------------------------------


def _post_add(world, role, model, fields):
    data = form_data(client_for(world, "superuser").get(admin_url(model, "add")))
    data.pop("lab", None)
    data.update(fields)
    return client_for(world, role).post(admin_url(model, "add"), data)


@pytest.mark.parametrize("role", ["admin_a", "editor_a", "member_a"])
def test_news_pointing_at_lab_b_rows_is_refused(world, role):
    for field, value in [
        ("person", world.b["person"].pk),
        ("publication", world.b["publication"].pk),
    ]:
        fields = {
            "title": "Crafted",
            "slug": f"crafted-{field}",
            "body": "x",
            "date": "2025-01-02",
            "status": "published",
            "person": world.a["person_own"].pk,
        }
        fields[field] = value
        response = _post_add(world, role, NewsItem, fields)
        assert response.status_code == 200
        assert field in response.context["adminform"].form.errors
    assert not NewsItem.objects.filter(title="Crafted").exists()


@pytest.mark.parametrize("role", ["admin_a", "editor_a"])
def test_person_in_a_lab_b_group_is_refused(world, role):
    response = _post_add(
        world,
        role,
        Person,
        {"full_name": "Crafted", "slug": "crafted", "group": world.b["group"].pk},
    )
    assert "group" in response.context["adminform"].form.errors
    assert not Person.objects.filter(slug="crafted").exists()


@pytest.mark.parametrize("role", ["admin_a", "editor_a", "member_a"])
def test_paper_with_lab_b_tag_or_author_is_refused(world, role):
    paper = world.a["publication_own"]
    superuser_data = form_data(client_for(world, "superuser").get(admin_url(paper, "change")))
    client = client_for(world, role)

    data = {**superuser_data, "tags": [str(world.b["tag"].pk)]}
    response = client.post(admin_url(paper, "change"), data)
    assert "tags" in response.context["adminform"].form.errors
    assert not paper.tags.exists()

    data = dict(superuser_data)
    data["authorships-1-person"] = str(world.b["person"].pk)
    response = client.post(admin_url(paper, "change"), data)
    assert response.status_code == 200, "refused with the form shown again"
    assert not Authorship.objects.filter(person=world.b["person"], publication=paper).exists()


def test_superuser_forms_check_same_lab_relations_too(world):
    """Superusers see every lab's rows; ``clean()`` still keeps relations inside one lab."""
    client = client_for(world, "superuser")
    response = _post_add(
        world,
        "superuser",
        Person,
        {
            "full_name": "Crafted",
            "slug": "crafted",
            "lab": world.lab_a.pk,
            "group": world.b["group"].pk,
        },
    )
    assert "Choose an item of the same lab." in str(response.context["adminform"].form.errors)
    assert not Person.objects.filter(slug="crafted").exists()

    paper = world.a["publication_own"]
    data = form_data(client.get(admin_url(paper, "change")))
    data["tags"] = [str(world.b["tag"].pk)]
    response = client.post(admin_url(paper, "change"), data)
    assert "Choose items of the same lab." in str(response.context["adminform"].form.errors)

    data = form_data(client.get(admin_url(paper, "change")))
    data["authorships-1-person"] = str(world.b["person"].pk)
    response = client.post(admin_url(paper, "change"), data)
    assert response.status_code == 200, errors_of(response)
    assert "same lab" in errors_of(response)
    assert not Authorship.objects.filter(person=world.b["person"], publication=paper).exists()


def test_lab_admin_cannot_point_a_domain_or_role_at_lab_b(world):
    from labsite.models import Domain

    client = client_for(world, "admin_a")
    domain = world.a["domain"]
    data = form_data(client.get(admin_url(domain, "change")))
    data["person"] = str(world.b["person"].pk)
    response = client.post(admin_url(domain, "change"), data)
    assert "person" in response.context["adminform"].form.errors
    domain.refresh_from_db()
    assert domain.person is None

    # Nor hand a role to a login of another lab, nor take over lab B's host.
    response = client.post(
        admin_url(LabRole, "add"), {"user": world.users["admin_b"].pk, "role": "admin"}
    )
    assert "user" in response.context["adminform"].form.errors
    response = client.post(admin_url(Domain, "add"), {"host": "B.example.org"})
    assert response.status_code == 403  # only the operator claims hosts
    assert Domain.objects.filter(host="b.example.org").get().lab == world.lab_b
    assert LabRole.objects.filter(lab=world.lab_a).count() == 2


def test_member_cannot_post_news_for_someone_else(world):
    response = _post_add(
        world,
        "member_a",
        NewsItem,
        {
            "title": "Not mine",
            "slug": "not-mine",
            "body": "x",
            "date": "2025-01-02",
            "status": "published",
            "person": world.a["person_other"].pk,
        },
    )
    assert "person" in response.context["adminform"].form.errors
    response = _post_add(
        world,
        "member_a",
        NewsItem,
        {
            "title": "Lab-wide",
            "slug": "lab-wide",
            "body": "x",
            "date": "2025-01-02",
            "status": "published",
            "person": "",
        },
    )
    assert response.status_code == 200
    assert not NewsItem.objects.filter(slug__in=["not-mine", "lab-wide"]).exists()


def test_member_cannot_drop_themselves_from_a_paper(world):
    paper = world.a["publication_own"]
    client = client_for(world, "member_a")
    data = form_data(client.get(admin_url(paper, "change")))
    index = next(i for i in range(3) if data.get(f"authorships-{i}-name") == "Mia Member")
    data[f"authorships-{index}-person"] = ""
    data["venue"] = "Sneaky edit"
    response = client.post(admin_url(paper, "change"), data)
    assert "Keep yourself among the authors" in errors_of(response)
    paper.refresh_from_db()
    assert paper.venue != "Sneaky edit"
    assert paper.authorships.filter(person=world.a["person_own"]).exists()


def test_member_cannot_delete_a_paper_another_member_is_on(world):
    paper = world.a["publication_shared"]
    client = client_for(world, "member_a")
    assert client.get(admin_url(paper, "change")).status_code == 200
    response = client.post(admin_url(paper, "delete"), {"post": "yes"})
    assert response.status_code == 403
    assert Publication.objects.filter(pk=paper.pk).exists()


def test_member_readonly_fields_are_not_taken_from_posts(world):
    person = world.a["person_own"]
    client = client_for(world, "member_a")
    data = form_data(client_for(world, "superuser").get(admin_url(person, "change")))
    data.update(
        {
            "slug": "renamed",
            "group": "",
            "order": "7",
            "user": world.users["admin_a"].pk,
            "bio": "My *new* bio",
        }
    )
    response = client.post(admin_url(person, "change"), data)
    assert response.status_code == 302, errors_of(response)
    person.refresh_from_db()
    assert person.bio == "My *new* bio"
    assert (person.slug, person.group, person.order, person.user) == (
        world.a["person_own"].slug,
        world.a["group"],
        0,
        world.users["member_a"],
    )
    assert LogEntry.objects.filter(object_id=str(person.pk), user=world.users["member_a"]).exists()
