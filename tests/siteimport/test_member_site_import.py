"""A member importing their own site, end to end from a theme's real files: only their
person and their papers change; a labmate's person is refused, and a labmate's paper that
the site also lists is reported as not theirs and left as it was."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from awards.models import Award
from labsite.sections import LabSection
from news.models import NewsItem
from people.models import CVEntry, Group, Person, PersonLink, PersonSection
from publications.models import Authorship, Publication, PublicationLink
from siteimport.formats import read_site
from siteimport.source import open_site
from siteimport.writing import Action, apply_site_import, plan_site_import
from tests.factories import make_person, make_publication
from tests.siteimport.acadhomepage_sites import page_papers
from tests.siteimport.helpers import site_folder


def _login(person):
    user = get_user_model().objects.create_user(username=person.slug, password="x")
    person.user = user
    person.save()
    return user


def _everything_but(lab, person):
    """Every row of the lab that is not the member's own, as values (papers: those the
    member is not an author of)."""
    theirs = set(Authorship.objects.for_lab(lab).filter(person=person)
                 .values_list("publication_id", flat=True))
    rows = {
        "people": list(Person.objects.for_lab(lab).exclude(pk=person.pk).order_by("pk").values()),
        "papers": list(Publication.objects.for_lab(lab).exclude(pk__in=theirs).order_by("pk")
                       .values()),
        "authorships": list(Authorship.objects.for_lab(lab).exclude(publication_id__in=theirs)
                            .order_by("pk").values()),
        "paper links": list(PublicationLink.objects.for_lab(lab)
                            .exclude(publication_id__in=theirs).order_by("pk").values()),
    }
    for model in (PersonSection, PersonLink, CVEntry, NewsItem):
        rows[model.__name__] = list(model.objects.for_lab(lab).exclude(person=person)
                                    .order_by("pk").values())
    rows["awards"] = list(Award.objects.for_lab(lab).exclude(person=person)
                          .exclude(publication_id__in=theirs).order_by("pk").values())
    # The lab's own page is an editor's: a member's import never changes it.
    rows["lab sections"] = list(LabSection.objects.for_lab(lab).order_by("pk").values())
    rows["groups"] = list(Group.objects.for_lab(lab).order_by("pk").values())
    rows["lab"] = type(lab).objects.filter(pk=lab.pk).values("about", "name").get()
    return rows


@pytest.fixture
def source(tmp_path):
    return open_site(site_folder(tmp_path, "acadhomepage"))


def test_a_member_imports_their_own_site_and_touches_nothing_else(lab_a, lab_b, source):
    site = read_site(source)
    member = make_person(lab=lab_a, slug="jiaming", full_name="Jiaming Xu")
    labmate = make_person(lab=lab_a, slug="jane", full_name="Jane Labmate", position="Postdoc")
    # The labmate's paper carries a title the member's site also lists, without the member.
    shared = page_papers(site)[-1].entry
    theirs = make_publication(lab=lab_a, title=shared.title, year=shared.year or 2024,
                              authors=[("Jane Labmate", labmate)])
    user = _login(member)

    # Someone else's person, and the lab itself, are refused before anything is planned.
    with pytest.raises(PermissionDenied):
        plan_site_import(site=site, lab=lab_a, person=labmate, acting_user=user, source=source)
    with pytest.raises(PermissionDenied):
        plan_site_import(site=site, lab=lab_a, acting_user=user, source=source)
    outsider = make_person(lab=lab_b, slug="jiaming", full_name="Jiaming Xu")
    with pytest.raises(PermissionDenied):  # a person of another lab, into this lab
        plan_site_import(site=site, lab=lab_a, person=outsider, acting_user=user,
                         source=source)

    before = _everything_but(lab_a, member)
    plan = plan_site_import(site=site, lab=lab_a, person=member, acting_user=user,
                            source=source)
    not_yours = [item for item in plan.items if item.kind == "paper"
                 and item.what == shared.title]
    assert [item.action for item in not_yours] == [Action.SKIPPED]
    assert not_yours[0].reason
    apply_site_import(plan=plan, source=source)

    assert _everything_but(lab_a, member) == before
    theirs.refresh_from_db()
    assert not theirs.authorships.filter(person=member).exists()
    mine = Publication.objects.for_lab(lab_a).filter(authorships__person=member).distinct()
    assert mine.count() == len(page_papers(site)) - 1
    assert NewsItem.objects.for_lab(lab_a).filter(person=member).exists()
    assert PersonSection.objects.for_lab(lab_a).filter(person=member, heading="🔥 News").exists()
    # Another lab sees none of it, and its member of the same name is untouched.
    assert not Publication.objects.for_lab(lab_b).exists()
    assert not NewsItem.objects.for_lab(lab_b).exists()
    assert not PersonSection.objects.for_lab(lab_b).filter(heading="🔥 News").exists()
    # A second run by the member plans nothing.
    again = plan_site_import(site=read_site(source), lab=lab_a, person=member,
                             acting_user=user, source=source)
    assert not again.writes_anything


def test_the_owner_is_linked_only_where_the_record_prints_the_sites_name(lab_a, source):
    """An operator's import: the site's owner_index links the owner's authorship, but on an
    older record that lists its authors otherwise the author at that place is someone else,
    and stays unlinked."""
    site = read_site(source)
    paper = next(paper for paper in site.papers if paper.owner_index)
    printed = paper.entry.authors[paper.owner_index].name
    others = [f"Someone Else {n}" for n in range(paper.owner_index + 1)]
    older = make_publication(lab=lab_a, title=paper.entry.title, year=paper.entry.year or 2024,
                             authors=others)
    owner = make_person(lab=lab_a, slug="owner", full_name="Owner")
    apply_site_import(plan=plan_site_import(site=site, lab=lab_a, person=owner, source=source),
                      source=source)
    older.refresh_from_db()
    at_owner_place = older.authorships.get(position=paper.owner_index + 1)
    # The pipeline keeps the older record's author list: someone else is at that place.
    assert at_owner_place.name != printed
    assert at_owner_place.person_id is None, at_owner_place.name
    # Where the site's own list was written, the owner is linked at their place.
    fresh = next(item for item in site.papers
                 if item.owner_index is not None and item.entry.title != paper.entry.title)
    written = Publication.objects.for_lab(lab_a).get(title=fresh.entry.title)
    assert written.authorships.get(position=fresh.owner_index + 1).person_id == owner.pk


def test_a_member_known_by_another_name_imports_the_papers_their_site_marks_as_theirs(
    lab_a, source
):
    """The labsite person is "J. Xu (lab)"; the site names its owner Jiaming Xu and bolds
    that name on every paper: the member rule ("only your own papers") agrees with the site,
    and each authorship at the owner's place is linked to them."""
    site = read_site(source)
    member = make_person(lab=lab_a, slug="jx", full_name="J. Xu (lab)")
    user = _login(member)
    plan = plan_site_import(site=site, lab=lab_a, person=member, acting_user=user,
                            source=source)
    papers = [item for item in plan.items if item.kind == "paper"]
    on_page = page_papers(site)
    assert [item.action for item in papers[:len(on_page)]] == [Action.CREATE] * len(on_page), [
        (item.what, item.reason) for item in papers]
    # gs_data.json's records list no authors: a member's own import cannot tell they are theirs.
    assert {(item.action, item.reason.split(":")[0]) for item in papers[len(on_page):]} == {
        (Action.SKIPPED, "skipped")}
    apply_site_import(plan=plan, source=source)
    member.refresh_from_db()
    assert member.full_name == "Jiaming Xu"
    for paper in on_page:
        written = Publication.objects.for_lab(lab_a).get(title=paper.entry.title)
        assert written.authorships.get(position=paper.owner_index + 1).person_id == member.pk
