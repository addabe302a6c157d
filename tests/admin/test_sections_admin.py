"""Composing pages in admin: sections (order, kind, heading, anchor, visibility, body, display
options collapsed) and research interests inline on the person, the home page's sections on
the lab; a member composes only their own page, a lab only its own home page."""

import pytest
from django.utils.html import escape

from labsite.sections import SECTIONS_PER_PAGE_MAX, LabSection
from people.models import Person, ResearchInterest
from tests.admin.conftest import admin_url, client_for, errors_of, form_data
from tests.factories import make_person_section

pytestmark = pytest.mark.django_db

SECTIONS = "sections"  # the inline's prefix (the related name)


def inline_formset(response, prefix):
    return next(
        inline
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == prefix
    )


def add_row(data, prefix, **values):
    """Fills the next empty form of an inline in posted ``data``."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    defaults = {"order": "0", "visible": "on", "publication_filter": "selected",
                "display_style": "list", "title_link": "page", "author_format": "first_last",
                "venue_display": "both", "show_highlights": "on",
                "bold_authors": "owner", "entry_order": "newest"}  # fmt: skip
    for name, value in {**defaults, **values}.items():
        if value is not None:
            data[f"{prefix}-{index}-{name}"] = value
    return index


def row_index(data, prefix, kind):
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    return next(i for i in range(total) if data.get(f"{prefix}-{i}-kind") == kind)


def test_the_person_page_has_sections_and_interests_inline(world, clients):
    mia = world.a["person_own"]
    page = clients["member_a"].get(admin_url(mia, "change"))
    assert page.status_code == 200
    sections = inline_formset(page, SECTIONS)
    forms = sections.formset.forms
    assert [form.instance.kind for form in forms] == list(
        mia.sections.values_list("kind", flat=True)
    )
    html = page.content.decode()
    # The option columns are in a collapsed group; kind, heading, anchor, visible, order, body.
    assert "Display options (about, publications and awards sections)" in html
    for name in ("order", "kind", "visible", "heading", "anchor", "body", "publication_filter",
                 "filter_tag", "display_style", "show_citations", "include_paper_highlights"):
        assert f'name="sections-0-{name}"' in html, name
    assert 'name="research_interests-TOTAL_FORMS"' in html
    assert "Otto Other" not in str(sections.formset.forms)  # nobody else's rows


def test_a_member_renames_reorders_hides_and_adds_sections(world, clients):
    mia = world.a["person_own"]
    member = clients["member_a"]
    data = form_data(member.get(admin_url(mia, "change")))
    news = row_index(data, SECTIONS, "news")
    data[f"{SECTIONS}-{news}-heading"] = "🔥 News"
    data[f"{SECTIONS}-{news}-order"] = "1"
    education = row_index(data, SECTIONS, "education")
    data.pop(f"{SECTIONS}-{education}-visible")
    # Two more publications sections with empty anchors, and a custom one.
    add_row(data, SECTIONS, kind="publications", heading="All papers", publication_filter="all")
    add_row(data, SECTIONS, kind="publications", heading="Preprints", filter_kind="preprint")
    add_row(data, SECTIONS, kind="custom", heading="💬 Join us", body="We **hire**.", order="2")
    add_row(data, "research_interests", title="AI Compiler", description="For *accelerators*")
    response = member.post(admin_url(mia, "change"), data)
    assert response.status_code == 302, errors_of(response)

    rows = {row.heading or row.kind: row for row in mia.sections.all()}
    assert rows["🔥 News"].anchor == "news" and rows["🔥 News"].order == 1  # anchor kept
    assert rows["education"].visible is False
    assert rows["All papers"].anchor == "publications-2"
    assert rows["Preprints"].anchor == "publications-3"
    assert rows["💬 Join us"].anchor == "join-us"
    assert rows["💬 Join us"].body_html == "<p>We <strong>hire</strong>.</p>"
    interest = ResearchInterest.objects.for_lab(world.lab_a).get(person=mia)
    assert interest.description_html == "<p>For <em>accelerators</em></p>"
    page = client_for(world, "anonymous").get(mia.get_absolute_url()).content.decode()
    assert '<h2 id="news-heading">🔥 News</h2>' in page
    assert page.index('id="news"') < page.index('id="join-us"') < page.index('id="publications"')


def test_two_sections_with_one_anchor_are_refused_and_nothing_is_saved(world, clients):
    mia = world.a["person_own"]
    member = clients["member_a"]
    data = form_data(member.get(admin_url(mia, "change")))
    add_row(data, SECTIONS, kind="custom", heading="Mine", anchor="notes", body="a")
    add_row(data, SECTIONS, kind="custom", heading="Also mine", anchor="notes", body="b")
    response = member.post(admin_url(mia, "change"), data)
    assert response.status_code == 200
    assert "Please correct the duplicate data for anchor." in errors_of(response)
    taken = row_index(data, SECTIONS, "news")
    data = form_data(member.get(admin_url(mia, "change")))
    add_row(data, SECTIONS, kind="custom", heading="Clash", anchor="news", body="c")
    response = member.post(admin_url(mia, "change"), data)
    assert response.status_code == 200 and taken is not None
    assert "anchor" in errors_of(response)
    assert not mia.sections.filter(kind="custom").exists()


def test_a_member_may_delete_every_section(world, clients):
    mia = world.a["person_own"]
    member = clients["member_a"]
    data = form_data(member.get(admin_url(mia, "change")))
    for index in range(int(data[f"{SECTIONS}-TOTAL_FORMS"])):
        data[f"{SECTIONS}-{index}-DELETE"] = "on"
    response = member.post(admin_url(mia, "change"), data)
    assert response.status_code == 302, errors_of(response)
    assert not mia.sections.exists()
    page = client_for(world, "anonymous").get(mia.get_absolute_url())
    assert page.status_code == 200 and "<h1>Mia Member</h1>" in page.content.decode()


def test_a_member_never_reaches_another_members_or_another_labs_sections(world, clients):
    mia, otto = world.a["person_own"], world.a["person_other"]
    secret = make_person_section(lab=world.lab_a, person=otto, heading="Otto's secret")
    beta = make_person_section(lab=world.lab_b, person=world.b["person"], heading="Beta secret")
    member = clients["member_a"]
    own = member.get(admin_url(mia, "change")).content.decode()
    assert "Otto&#x27;s secret" not in own and escape("Otto's secret") not in own
    assert "Beta secret" not in own
    assert member.get(admin_url(otto, "change")).status_code in (302, 403, 404)
    assert client_for(world, "admin_b").get(admin_url(mia, "change")).status_code in (302, 403, 404)
    # Another member's row id posted in one's own formset does not reach that row.
    data = form_data(member.get(admin_url(mia, "change")))
    index = add_row(data, SECTIONS, kind="custom", heading="Taken over", body="x")
    data[f"{SECTIONS}-{index}-id"] = str(secret.pk)
    data[f"{SECTIONS}-{index}-person"] = str(otto.pk)
    member.post(admin_url(mia, "change"), data)
    secret.refresh_from_db()
    beta.refresh_from_db()
    assert secret.heading == "Otto's secret" and secret.person_id == otto.pk
    assert beta.heading == "Beta secret"


def test_a_member_does_not_choose_their_team_lead_and_a_lead_is_of_the_lab(world, clients):
    mia = world.a["person_own"]
    page = clients["member_a"].get(admin_url(mia, "change"))
    assert 'name="team_lead"' not in page.content.decode()  # the lab decides
    admin = clients["admin_a"]
    page = admin.get(admin_url(mia, "change"))
    team_lead = page.context["adminform"].form.fields["team_lead"]
    choices = [str(choice) for choice in team_lead.queryset]
    assert "Otto Other" in choices and "Beatrix Beta" not in choices
    data = form_data(page)
    data["team_lead"] = str(world.b["person"].pk)
    response = admin.post(admin_url(mia, "change"), data)
    assert response.status_code == 200 and "team_lead" in errors_of(response) or (
        "Select a valid choice" in errors_of(response)
    )
    data["team_lead"] = str(world.a["person_other"].pk)
    assert admin.post(admin_url(mia, "change"), data).status_code == 302
    mia.refresh_from_db()
    assert mia.team_lead == world.a["person_other"]


def test_a_member_added_in_admin_starts_with_the_default_sections(world, clients):
    admin = clients["admin_a"]
    data = form_data(admin.get(admin_url(Person, "add")))
    data.update({"full_name": "New Nora", "slug": "new-nora", "homepage_enabled": "on"})
    response = admin.post(admin_url(Person, "add"), data)
    assert response.status_code == 302, errors_of(response)
    nora = Person.objects.for_lab(world.lab_a).get(slug="new-nora")
    assert nora.sections.count() == 10 and nora.sections.first().kind == "about"


# --- The lab home page ------------------------------------------------------------------------


def test_a_lab_editor_composes_the_home_page_and_another_lab_cannot(world, clients):
    lab = world.lab_a
    editor = clients["editor_a"]
    page = editor.get(admin_url(lab, "change"))
    assert page.status_code == 200
    data = form_data(page)
    assert [f.instance.kind for f in inline_formset(page, "home_sections").formset.forms] == [
        "about", "news", "publications", "team", "awards"
    ]  # fmt: skip
    news = row_index(data, "home_sections", "news")
    data[f"home_sections-{news}-heading"] = "🔥 Lab news"
    add_row(data, "home_sections", kind="custom", heading="Join the lab", body="Apply **now**",
            order="15")  # fmt: skip
    response = editor.post(admin_url(lab, "change"), data)
    assert response.status_code == 302, errors_of(response)
    home = client_for(world, "anonymous").get("/").content.decode()
    assert '<h2 id="news-heading">🔥 Lab news</h2>' in home
    assert "Apply <strong>now</strong>" in home
    assert LabSection.objects.for_lab(world.lab_b).filter(heading="Join the lab").count() == 0

    assert clients["member_a"].get(admin_url(lab, "change")).status_code in (302, 403, 404)
    other = client_for(world, "admin_b", host="b.example.org")
    refused = other.get(admin_url(lab, "change"))
    assert refused.status_code in (302, 403, 404) and "Join the lab" not in refused.content.decode()
    beta_page = other.get(admin_url(world.lab_b, "change")).content.decode()
    assert "Join the lab" not in beta_page and "Lab news" not in beta_page


def test_a_page_has_a_bounded_number_of_sections(world, clients):
    mia = world.a["person_own"]
    member = clients["member_a"]
    data = form_data(member.get(admin_url(mia, "change")))
    for index in range(SECTIONS_PER_PAGE_MAX):
        add_row(data, SECTIONS, kind="custom", heading=f"Note {index}", body="x")
    response = member.post(admin_url(mia, "change"), data)
    assert response.status_code == 200
    assert f"at most {SECTIONS_PER_PAGE_MAX} sections" in errors_of(response)
    assert mia.sections.count() == 10  # nothing saved


def test_a_lab_added_in_admin_starts_with_the_usual_home_page(world, clients):
    superuser = clients["superuser"]
    data = form_data(superuser.get(admin_url(type(world.lab_a), "add")))
    data.update({"name": "Gamma Lab", "slug": "gamma", "accent_colour": "#1f5f8b"})
    response = superuser.post(admin_url(type(world.lab_a), "add"), data)
    assert response.status_code == 302, errors_of(response)
    gamma = type(world.lab_a).objects.get(slug="gamma")
    kinds = LabSection.objects.for_lab(gamma).values_list("kind", flat=True)
    assert list(kinds) == ["about", "news", "publications", "team", "awards"]
