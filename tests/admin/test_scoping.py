"""History, autocomplete, form choices and list filters stay inside the user's labs."""

import pytest
from django.contrib.admin.models import LogEntry

from labsite.models import Domain, LabRole
from news.models import NewsItem
from people.models import Group, Person
from publications.models import Publication
from tests.admin.conftest import admin_url, client_for, form_data

pytestmark = pytest.mark.django_db

LAB_B_NAMES = [
    "Beta Vision Group",
    "Beta secret group",
    "Beatrix Beta",
    "Beta secret tag",
    "Beta secret paper",
    "Beta secret news",
    "Beta secret award",
    "b.example.org",
    "bob-admin",
]


def assert_no_lab_b(page):
    leaked = [name for name in LAB_B_NAMES if name in page]
    assert not leaked, f"lab B names on the page: {leaked}"


# --- History --------------------------------------------------------------------------------


def test_history_shows_changes_to_own_rows(world):
    person = world.a["person_own"]
    client = client_for(world, "member_a")
    data = form_data(client.get(admin_url(person, "change")))
    data["position"] = "Fifth year PhD student"
    assert client.post(admin_url(person, "change"), data).status_code == 302

    page = client_for(world, "editor_a").get(admin_url(person, "history")).content.decode()
    assert "mia-member" in page and "Changed Position." in page


@pytest.mark.parametrize(
    "role,key",
    [("admin_a", "person"), ("editor_a", "publication"), ("member_a", "newsitem")],
)
def test_history_of_a_lab_b_row_is_404(world, role, key):
    obj = world.b[key]
    LogEntry.objects.log_actions(
        user_id=world.users["admin_b"].pk,
        queryset=[obj],
        action_flag=2,
        change_message="Secret change by B",
        single_object=True,
    )
    response = client_for(world, role).get(admin_url(obj, "history"))
    assert response.status_code == 404
    assert "Secret change by B" not in response.content.decode()


def test_history_of_another_members_row_is_404_for_a_member(world):
    response = client_for(world, "member_a").get(admin_url(world.a["newsitem_other"], "history"))
    assert response.status_code == 404


# --- Autocomplete ---------------------------------------------------------------------------


def autocomplete(client, source, term=""):
    app_label, model_name, field_name = source
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term},
    )
    if response.status_code != 200:
        return response.status_code
    return {result["text"] for result in response.json()["results"]}


def test_autocomplete_offers_only_the_labs_rows(world):
    client = client_for(world, "editor_a")
    people = autocomplete(client, ("publications", "authorship", "person"))
    assert people == {"Mia Member", "Otto Other"}
    assert autocomplete(client, ("publications", "authorship", "person"), term="Beat") == set()
    assert autocomplete(client, ("publications", "publication", "tags")) == {"Alpha systems"}
    assert autocomplete(client, ("people", "person", "group")) == {"Alpha PhD students"}
    assert "Beta secret paper" not in autocomplete(client, ("news", "newsitem", "publication"))


def test_autocomplete_for_a_member_depends_on_the_field(world):
    client = client_for(world, "member_a")
    # A co-author may be anyone of the lab; news and awards are about themselves.
    assert autocomplete(client, ("publications", "authorship", "person")) == {
        "Mia Member",
        "Otto Other",
    }
    assert autocomplete(client, ("news", "newsitem", "person")) == {"Mia Member"}
    assert autocomplete(client, ("awards", "award", "person")) == {"Mia Member"}
    assert autocomplete(client, ("news", "newsitem", "publication")) == {
        "Mia writes about alpha scheduling",
        "Mia and Otto write together",
    }
    assert autocomplete(client, ("publications", "publication", "tags")) == {"Alpha systems"}
    assert autocomplete(client, ("people", "person", "group")) == set()


def test_autocomplete_of_lab_b_admin_never_shows_lab_a(world):
    client = client_for(world, "admin_b")
    assert autocomplete(client, ("publications", "authorship", "person")) == {"Beatrix Beta"}


def test_autocomplete_of_logins_is_for_superusers_only(world):
    assert autocomplete(client_for(world, "admin_a"), ("labsite", "labrole", "user")) == 403
    assert "bob-admin" in autocomplete(
        client_for(world, "superuser"), ("labsite", "labrole", "user")
    )


def test_autocomplete_refuses_a_malformed_request(world):
    client = client_for(world, "admin_a")
    assert autocomplete(client, ("people", "person", "nonexistent")) == 403
    assert autocomplete(client, ("people", "nomodel", "group")) == 403


# --- Form choices ---------------------------------------------------------------------------


def test_form_choices_are_scoped(world):
    client = client_for(world, "admin_a")
    form = client.get(admin_url(Person, "add")).context["adminform"].form
    assert set(form.fields["group"].queryset) == {world.a["group"]}

    form = client.get(admin_url(NewsItem, "add")).context["adminform"].form
    assert set(form.fields["person"].queryset) == {world.a["person_own"], world.a["person_other"]}
    assert world.b["publication"] not in set(form.fields["publication"].queryset)

    form = client.get(admin_url(LabRole, "add")).context["adminform"].form
    users = set(form.fields["user"].queryset.values_list("username", flat=True))
    assert users == {"alice-admin", "eddie-editor", "mia-member"}

    form = client.get(admin_url(world.a["domain"], "change")).context["adminform"].form
    assert set(form.fields["person"].queryset) == {world.a["person_own"], world.a["person_other"]}


def test_member_form_choices(world):
    client = client_for(world, "member_a")
    form = client.get(admin_url(NewsItem, "add")).context["adminform"].form
    assert list(form.fields["person"].queryset) == [world.a["person_own"]]
    assert form.initial["person"] == world.a["person_own"].pk
    assert "pinned" not in form.fields

    response = client.get(admin_url(Publication, "add"))
    formset = response.context["inline_admin_formsets"][0].formset
    authors = formset.forms[0]
    assert authors.initial == {
        "position": 1,
        "name": "Mia Member",
        "person": world.a["person_own"].pk,
    }
    assert set(authors.fields["person"].queryset) == {
        world.a["person_own"],
        world.a["person_other"],
    }


# --- Lists and filters ----------------------------------------------------------------------


@pytest.mark.parametrize("model", [Group, Person, Publication, NewsItem, "awards.Award", Domain])
def test_lists_and_their_filters_show_no_lab_b_names(world, model):
    from django.apps import apps

    if isinstance(model, str):
        model = apps.get_model(model)
    response = client_for(world, "admin_a").get(admin_url(model))
    assert response.status_code == 200
    assert_no_lab_b(response.content.decode())


def test_foreign_key_filters_list_only_related_rows_of_the_lab(world):
    client = client_for(world, "editor_a")
    page = client.get(admin_url(NewsItem)).content.decode()
    # The person filter offers the member who has news, not every person, nor lab B's.
    assert "person__id__exact=" in page and "Mia Member" in page
    assert_no_lab_b(page)
    page = client.get(admin_url(Publication)).content.decode()
    assert_no_lab_b(page)


def test_a_crafted_filter_on_a_lab_b_row_finds_nothing(world):
    client = client_for(world, "editor_a")
    response = client.get(admin_url(Person), {"group__id__exact": world.b["group"].pk})
    page = response.content.decode()
    assert "Beatrix Beta" not in page and "Mia Member" not in page


def test_superuser_gets_a_lab_filter_and_column(world):
    page = client_for(world, "superuser").get(admin_url(Person)).content.decode()
    assert "Beta Vision Group" in page and "Alpha Systems Lab" in page
    page = (
        client_for(world, "superuser")
        .get(admin_url(Person), {"lab": world.lab_b.pk})
        .content.decode()
    )
    assert "Beatrix Beta" in page and "Mia Member" not in page


def test_a_single_lab_user_sees_no_lab_filter(world):
    page = client_for(world, "editor_a").get(admin_url(Person)).content.decode()
    assert "By lab" not in page and "?lab=" not in page


def test_member_index_shows_only_what_they_may_touch(world):
    response = client_for(world, "member_a").get("/admin/")
    models = {
        model["object_name"] for app in response.context["app_list"] for model in app["models"]
    }
    # FoundWorks: new papers found in their own ORCID or DBLP works, for them to review;
    # metadata suggestions: those of the member's own papers (tests/metadata/test_suggestions.py).
    assert models == {
        "Person", "Publication", "NewsItem", "Award", "FoundWorks", "MetadataSuggestion"
    }
    page = client_for(world, "member_a").get(admin_url(Person)).content.decode()
    assert "Mia Member" in page and "Otto Other" not in page


def test_editor_index_has_content_but_no_roles_or_domains(world):
    response = client_for(world, "editor_a").get("/admin/")
    models = {m["object_name"] for app in response.context["app_list"] for m in app["models"]}
    assert {"Person", "Group", "Publication", "Tag", "NewsItem", "Award", "Lab"} <= models
    assert not models & {"Domain", "LabRole", "User"}
    admin_models = {
        m["object_name"]
        for app in client_for(world, "admin_a").get("/admin/").context["app_list"]
        for m in app["models"]
    }
    assert {"Domain", "LabRole"} <= admin_models and "User" not in admin_models


def test_the_view_on_site_redirect_is_scoped(world):
    from django.contrib.contenttypes.models import ContentType

    people = ContentType.objects.get_for_model(Person)
    client = client_for(world, "admin_a")
    response = client.get(f"/admin/r/{people.pk}/{world.b['person'].pk}/")
    assert response.status_code == 404
    assert world.b["person"].slug not in response.get("Location", "")
    response = client.get(f"/admin/r/{people.pk}/{world.a['person_other'].pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"http://a.example.org/people/{world.a['person_other'].slug}/"
    member = client_for(world, "member_a")
    assert member.get(f"/admin/r/{people.pk}/{world.a['person_other'].pk}/").status_code == 404
    assert client.get("/admin/r/999999/1/").status_code == 404


def test_members_are_not_offered_to_delete_their_person_record(world):
    page = client_for(world, "member_a").get(admin_url(Person)).content.decode()
    assert "delete_selected" not in page
    page = client_for(world, "member_a").get(admin_url(NewsItem)).content.decode()
    assert "delete_selected" in page


def test_unused_tags_can_be_found(world):
    from publications.models import Tag

    world.a["publication_own"].tags.add(world.a["tag"])
    Tag.objects.create(lab=world.lab_a, name="Forgotten tag", slug="forgotten")
    client = client_for(world, "editor_a")
    page = client.get(admin_url(Tag), {"used": "no"}).content.decode()
    assert "Forgotten tag" in page and "Alpha systems" not in page
    page = client.get(admin_url(Tag), {"used": "yes"}).content.decode()
    assert "Alpha systems" in page and "Forgotten tag" not in page
    assert_no_lab_b(page)
