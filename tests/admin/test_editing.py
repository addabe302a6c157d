"""Editing comfort: markdown editors, numbered authors, thumbnails, "View on site", slugs."""

from pathlib import Path

import pytest
from django.conf import settings

from awards.models import Award
from labsite.models import Lab
from news.models import NewsItem
from people.models import Person
from publications.models import Publication
from tests.admin.conftest import admin_url, client_for, errors_of, form_data

pytestmark = pytest.mark.django_db


def widget_html(response, field, prefix=""):
    """The rendered widget of one form field on an admin page."""
    context = response.context
    if prefix:
        formset = next(
            inline.formset
            for inline in context["inline_admin_formsets"]
            if inline.formset.prefix == prefix
        )
        return str(formset.forms[0][field])
    return str(context["adminform"].form[field])


@pytest.mark.parametrize(
    "path_of,field,prefix",
    [
        (lambda w: admin_url(w.lab_a, "change"), "about", ""),
        (lambda w: admin_url(w.a["person_own"], "change"), "bio", ""),
        (lambda w: admin_url(w.a["person_own"], "change"), "about", ""),
        (lambda w: admin_url(w.a["person_own"], "change"), "description", "cv_entries"),
        (lambda w: admin_url(NewsItem, "add"), "body", ""),
        (lambda w: admin_url(Award, "add"), "description", ""),
    ],
)
def test_markdown_fields_get_the_markdownx_editor(world, path_of, field, prefix):
    response = client_for(world, "admin_a").get(path_of(world))
    html = widget_html(response, field, prefix)
    assert 'class="markdownx"' in html and "markdownx-editor" in html
    assert 'data-markdownx-urls-path="/markdownx/markdownify/"' in html
    page = response.content.decode()
    assert "markdownx/js/markdownx" in page and "labsite/admin.css" in page


def test_markdown_preview_needs_a_staff_login(world):
    response = client_for(world, "anonymous").post("/markdownx/markdownify/", {"content": "*x*"})
    assert response.status_code == 302
    response = client_for(world, "member_a").post("/markdownx/markdownify/", {"content": "*x*"})
    assert response.status_code == 200 and "<em>x</em>" in response.content.decode()


def test_markdown_editor_fits_a_phone(world):
    css = (Path(settings.BASE_DIR) / "labsite/static/labsite/admin.css").read_text()
    assert "max-width: 100%" in css and "width: 100%" in css
    page = client_for(world, "member_a").get(admin_url(NewsItem, "add")).content.decode()
    assert 'name="viewport"' in page  # Django's responsive admin, kept


# --- Authors --------------------------------------------------------------------------------


def author_rows(data):
    total = int(data["authorships-TOTAL_FORMS"])
    return {data[f"authorships-{i}-name"]: i for i in range(total)}


def names_in_order(paper):
    return list(paper.authorships.order_by("position").values_list("position", "name"))


def test_authors_are_listed_in_order_and_can_swap_places(world):
    paper = world.a["publication_own"]
    client = client_for(world, "editor_a")
    response = client.get(admin_url(paper, "change"))
    formset = response.context["inline_admin_formsets"][0].formset
    assert [form.instance.name for form in formset.forms] == ["Mia Member", "Outside Author"]

    data = form_data(response)
    rows = author_rows(data)
    data[f"authorships-{rows['Mia Member']}-position"] = "2"
    data[f"authorships-{rows['Outside Author']}-position"] = "1"
    response = client.post(admin_url(paper, "change"), data)
    assert response.status_code == 302, errors_of(response)
    assert names_in_order(paper) == [(1, "Outside Author"), (2, "Mia Member")]


def test_new_authors_without_a_number_go_last_and_gaps_close(world):
    paper = world.a["publication_own"]
    client = client_for(world, "editor_a")
    data = form_data(client.get(admin_url(paper, "change")))
    rows = author_rows(data)
    data[f"authorships-{rows['Outside Author']}-DELETE"] = "on"
    data["authorships-TOTAL_FORMS"] = "4"
    data.update(
        {
            "authorships-2-name": "Third Added",
            "authorships-3-name": "Fourth Added",
            "authorships-3-position": "9",
        }
    )
    response = client.post(admin_url(paper, "change"), data)
    assert response.status_code == 302, errors_of(response)
    assert names_in_order(paper) == [(1, "Mia Member"), (2, "Fourth Added"), (3, "Third Added")]


def test_two_authors_with_one_number_are_refused(world):
    paper = world.a["publication_own"]
    client = client_for(world, "editor_a")
    data = form_data(client.get(admin_url(paper, "change")))
    data["authorships-1-position"] = data["authorships-0-position"]
    data["title"] = "Should not be saved"
    response = client.post(admin_url(paper, "change"), data)
    assert "Two authors have position 1" in errors_of(response)
    assert names_in_order(paper) == [(1, "Mia Member"), (2, "Outside Author")]
    paper.refresh_from_db()
    assert paper.title != "Should not be saved"


def test_member_adds_a_paper_with_themselves_prefilled(world):
    client = client_for(world, "member_a")
    data = form_data(client.get(admin_url(Publication, "add")))
    data.update({"title": "My new preprint", "slug": "my-new-preprint", "kind": "preprint"})
    response = client.post(admin_url(Publication, "add"), data)
    assert response.status_code == 302, errors_of(response)
    paper = Publication.objects.get(slug="my-new-preprint")
    assert paper.lab == world.lab_a
    assert list(paper.authorships.values_list("name", "person")) == [
        ("Mia Member", world.a["person_own"].pk)
    ]
    assert client.get(admin_url(paper, "change")).status_code == 200


def test_admin_edits_are_remembered_for_imports(world):
    paper = world.a["publication_own"]
    client = client_for(world, "editor_a")
    data = form_data(client.get(admin_url(paper, "change")))
    data.update({"venue": "OSDI", "year": "2021", "authorships-1-name": "Outside A. Author"})
    assert client.post(admin_url(paper, "change"), data).status_code == 302
    paper.refresh_from_db()
    assert set(paper.edited_fields) == {"venue", "year", "authorships"}


# --- Thumbnails, slugs, "View on site", header ----------------------------------------------


def test_lists_show_thumbnails_of_photos_and_papers(world):
    Person.objects.filter(pk=world.a["person_own"].pk).update(
        photo="labs/lab-a/people/mia.jpg", photo_sizes={"160": "labs/lab-a/people/mia-160.jpg"}
    )
    Publication.objects.filter(pk=world.a["publication_own"].pk).update(
        thumbnail="publications/thumbnails/mia.png"
    )
    client = client_for(world, "editor_a")
    page = client.get(admin_url(Person)).content.decode()
    assert '<img src="/media/labs/lab-a/people/mia-160.jpg" alt="" class="labsite-thumb"' in page
    page = client.get(admin_url(world.a["person_own"], "change")).content.decode()
    assert 'src="/media/labs/lab-a/people/mia-160.jpg"' in page  # next to the upload field
    page = client.get(admin_url(Publication)).content.decode()
    assert '<img src="/media/publications/thumbnails/mia.png"' in page


def test_slugs_fill_themselves_in(world):
    for model, source in [(Person, "full_name"), (Publication, "title"), (NewsItem, "title")]:
        page = client_for(world, "editor_a").get(admin_url(model, "add")).content.decode()
        assert "data-prepopulated-fields" in page, model
        assert f"&quot;dependency_ids&quot;: [&quot;#id_{source}&quot;]" in page, model


def test_view_on_site_goes_to_the_labs_host(world):
    person = world.a["person_own"]
    expected = f"http://a.example.org/people/{person.slug}/"
    page = client_for(world, "editor_a").get(admin_url(person, "change")).content.decode()
    assert f'href="{expected}" class="viewsitelink"' in page

    # From another host (here lab B's, as a superuser) it still leads to lab A's host.
    superuser = client_for(world, "superuser", host="b.example.org")
    page = superuser.get(admin_url(person, "change")).content.decode()
    assert f'href="{expected}" class="viewsitelink"' in page
    page = superuser.get(admin_url(world.a["newsitem_own"], "change")).content.decode()
    assert 'href="http://a.example.org/news/' in page

    lonely = Lab.objects.create(slug="lonely", name="Lab without a domain")
    page = superuser.get(admin_url(lonely, "change")).content.decode()
    assert "viewsitelink" not in page


def test_site_header_and_history_link(world):
    page = client_for(world, "member_a").get(admin_url(world.a["person_own"], "change")).content
    page = page.decode()
    assert "labsite admin" in page
    assert admin_url(world.a["person_own"], "history") in page


def test_lab_field_is_hidden_for_a_single_lab_and_shown_to_superusers(world):
    form = client_for(world, "editor_a").get(admin_url(NewsItem, "add")).context["adminform"].form
    assert "lab" not in form.fields
    response = client_for(world, "superuser").get(admin_url(NewsItem, "add"))
    form = response.context["adminform"].form
    assert set(form.fields["lab"].queryset) == {world.lab_a, world.lab_b}
    assert form.initial["lab"] == world.lab_a.pk  # the host's lab


def test_editor_may_edit_the_lab_page_but_not_its_slug(world):
    client = client_for(world, "editor_a")
    data = form_data(client.get(admin_url(world.lab_a, "change")))
    data.update({"about": "We *study* systems.", "slug": "stolen"})
    response = client.post(admin_url(world.lab_a, "change"), data)
    assert response.status_code == 302, errors_of(response)
    world.lab_a.refresh_from_db()
    assert world.lab_a.slug == "lab-a" and "<em>study</em>" in world.lab_a.about_html


def test_granting_a_role_lets_the_login_in(world):
    from labsite.models import LabRole

    member = world.users["member_a"]
    member.is_staff = False
    member.save()
    client = client_for(world, "admin_a")
    response = client.post(admin_url(LabRole, "add"), {"user": member.pk, "role": "editor"})
    assert response.status_code == 302, errors_of(response)
    member.refresh_from_db()
    assert member.is_staff
    assert LabRole.objects.get(user=member).lab == world.lab_a
