"""siteimport.writing: a site's data becomes a person's rows through the existing services
and the publication pipeline; idempotent; two sites merge; tenancy."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from awards.models import Award
from news.models import NewsItem
from people.models import CVEntry, Person, PersonLink, PersonSection
from publications.models import Publication, PublicationLink
from siteimport.formats import read_site
from siteimport.source import open_site
from siteimport.types import (
    SiteAward,
    SiteCVEntry,
    SiteData,
    SiteDate,
    SiteNewsItem,
    SiteProfile,
    SiteTeamMember,
)
from siteimport.writing import Action, apply_site_import, plan_site_import
from tests.factories import make_person, make_publication
from tests.siteimport.helpers import site_folder


@pytest.fixture
def aurick(lab_a):
    return make_person(lab=lab_a, full_name="Aurick Qiao", slug="aurick")


@pytest.fixture
def seed_source(tmp_path):
    return open_site(site_folder(tmp_path, "markdown", images=["aurick.jpg"]))


def _import(lab, person, source, **kwargs):
    plan = plan_site_import(site=read_site(source), lab=lab, person=person, source=source,
                            **kwargs)
    return plan, apply_site_import(plan=plan, source=source)


def test_a_plain_page_fills_the_homepage_and_its_papers(lab_a, aurick, seed_source):
    plan, _ = _import(lab_a, aurick, seed_source)
    aurick.refresh_from_db()
    assert aurick.about.startswith("I am currently at [Snowflake AI Research]")
    assert aurick.photo and aurick.photo.name.startswith("labs/lab-a/")
    # The riddle names no address: shown exactly as the page writes it, never a link.
    assert not aurick.email
    assert aurick.email_display == "written"
    assert aurick.email_written == "contact (at) [my first name] (dot) net"
    links = PersonLink.objects.for_lab(lab_a).filter(person=aurick)
    assert sorted(links.values_list("kind", flat=True)) == ["linkedin", "scholar", "x"]
    section = PersonSection.objects.for_lab(lab_a).get(person=aurick, kind="publications")
    assert section.heading == "Selected Publications"
    papers = Publication.objects.for_lab(lab_a)
    assert papers.count() == 5 and papers.filter(selected=True).count() == 5
    pollux = papers.get(title__startswith="Pollux")
    assert pollux.venue_short == "OSDI 2021"
    assert list(Award.objects.for_lab(lab_a).filter(publication=pollux)
                .values_list("title", "kind")) == [("Best Paper Award", "paper")]
    assert set(PublicationLink.objects.for_lab(lab_a).filter(publication=pollux)
               .values_list("kind", flat=True)) == {"pdf", "code"}
    assert pollux.authorships.filter(person=aurick).exists()
    assert plan.inferred == ["name 'Aurick Qiao' (the bold name in the author lists)"]


def _counts(lab):
    return {
        model.__name__: model.objects.for_lab(lab).count()
        for model in (Publication, PublicationLink, Award, PersonLink, PersonSection, NewsItem,
                      CVEntry)
    }


def test_re_running_the_same_import_changes_nothing(lab_a, aurick, seed_source):
    _import(lab_a, aurick, seed_source)
    before = _counts(lab_a)
    plan, _ = _import(lab_a, aurick, seed_source)
    assert _counts(lab_a) == before
    assert not plan.writes_anything, [i.describe() for i in plan.items
                                      if i.action in (Action.CREATE, Action.UPDATE)]


def test_two_sites_of_one_person_merge_papers(lab_a, aurick, seed_source, tmp_path):
    """The lab already lists SwiftKV (say from the lab site): the page's copy merges into it."""
    existing = make_publication(lab=lab_a, title="SwiftKV: Fast Prefill-Optimized Inference "
                                "with Knowledge-Preserving Model Transformation",
                                authors=["Aurick Qiao", "Zhewei Yao"], year=2024)
    _import(lab_a, aurick, seed_source)
    assert Publication.objects.for_lab(lab_a).filter(title__startswith="SwiftKV").count() == 1
    assert Publication.objects.for_lab(lab_a).get(pk=existing.pk).selected
    other = tmp_path / "second"
    other.mkdir()
    (other / "index.md").write_text(
        "## Publications\n\n**Pollux: Co-adaptive Cluster Scheduling for Goodput-optimized "
        "Deep Learning**\n[[slides](https://example.org/pollux-slides.pdf)]\\\n"
        "***Aurick Qiao**, Sang Keun Choe.*\\\nOSDI 2021\n"
    )
    _import(lab_a, aurick, open_site(other))
    assert Publication.objects.for_lab(lab_a).filter(title__startswith="Pollux").count() == 1
    assert Publication.objects.for_lab(lab_a).count() == 5


def _site(**kwargs):
    return SiteData(format="markdown", profile=SiteProfile(**kwargs.pop("profile", {})), **kwargs)


def test_news_awards_and_cv_keep_their_dates_and_precision(lab_a, aurick):
    import datetime

    site = _site(
        profile={"email": "aurick (at) example (dot) org", "email_obfuscated": True},
        news=[SiteNewsItem("Joined Snowflake.", date=SiteDate(datetime.date(2023, 6, 1),
                                                             "month"))],
        awards=[SiteAward("IOI gold medal", date=SiteDate(datetime.date(2009, 1, 1), "year"))],
        cv=[SiteCVEntry("education", "PhD in Computer Science", organisation="CMU",
                        start=SiteDate(datetime.date(2014, 9, 1), "month"),
                        end=SiteDate(datetime.date(2020, 1, 1), "year"))],
    )
    apply_site_import(plan=plan_site_import(site=site, lab=lab_a, person=aurick))
    aurick.refresh_from_db()
    # An obfuscated address is stored, and shown as text: never a mailto: link.
    assert (aurick.email, aurick.email_display) == ("aurick@example.org", "text")
    news = NewsItem.objects.for_lab(lab_a).get(person=aurick)
    assert (news.date, news.date_precision) == (datetime.date(2023, 6, 1), "month")
    award = Award.objects.for_lab(lab_a).get(person=aurick)
    assert (award.year, award.month, award.day) == (2009, None, None)
    cv = CVEntry.objects.for_lab(lab_a).get(person=aurick)
    assert (cv.start_year, cv.start_month, cv.end_year, cv.end_month) == (2014, 9, 2020, None)
    again = plan_site_import(site=site, lab=lab_a, person=aurick)
    assert not again.writes_anything


def test_a_failure_writes_nothing(lab_a, aurick, seed_source):
    from siteimport.types import SiteSection

    before = _counts(lab_a)
    site = read_site(seed_source)
    site.sections.append(SiteSection("custom", heading="Side projects", body="x"))
    plan = plan_site_import(site=site, lab=lab_a, person=aurick, source=seed_source)
    # Between the preview and the confirmation, someone adds a section with the anchor
    # the plan is about to use: the write is refused, and nothing of the import stays.
    taken = PersonSection.objects.for_lab(lab_a).create(
        lab=lab_a, person=aurick, kind="custom", heading="Mine", anchor="side-projects", body="x")
    from siteimport.writing import SiteImportFailed

    with pytest.raises(SiteImportFailed, match="nothing was changed"):
        apply_site_import(plan=plan, source=seed_source)
    taken.delete()
    assert _counts(lab_a) == before
    aurick.refresh_from_db()
    assert not aurick.about and not aurick.photo


def test_rows_the_models_refuse_are_skipped_at_plan_time_and_the_rest_is_written(
    lab_a, aurick, seed_source
):
    from siteimport.types import Origin

    site = read_site(seed_source)
    site.cv.append(SiteCVEntry("education", "Bad link", start=SiteDate(None), link="not a url",
                               origin=Origin("cv.md", 7)))
    site.profile.links[0].url = "https://example.org/" + "x" * 600
    site.papers[0].links[0].url = "https://example.org/" + "p" * 600
    plan = plan_site_import(site=site, lab=lab_a, person=aurick, source=seed_source)
    skipped = {item.kind: item for item in plan.skipped}
    assert skipped["cv"].what == "Bad link"
    assert "link: Enter a full web address" in skipped["cv"].reason
    assert skipped["cv"].describe().endswith("(cv.md, line 7)")
    assert "at most 500 characters" in skipped["link"].reason
    assert "at most 500 characters" in skipped["paper link"].reason
    assert site.papers[0].entry.title[:40] in skipped["paper link"].what
    apply_site_import(plan=plan, source=seed_source)  # no exception: the rest is written
    assert Publication.objects.for_lab(lab_a).count() == 5
    assert not CVEntry.objects.for_lab(lab_a).filter(title="Bad link").exists()
    assert not PersonLink.objects.for_lab(lab_a).filter(url__contains="xxxx").exists()
    assert PersonLink.objects.for_lab(lab_a).filter(person=aurick).count() == 2


def _member_login(person):
    user = get_user_model().objects.create_user(username=person.slug, password="x")
    person.user = user
    person.save()
    return user


def test_a_member_imports_only_into_themself(lab_a, aurick, seed_source):
    other = make_person(lab=lab_a, full_name="Jane Labmate", slug="jane")
    user = _member_login(aurick)
    with pytest.raises(PermissionDenied):
        plan_site_import(site=read_site(seed_source), lab=lab_a, person=other,
                         acting_user=user)
    with pytest.raises(PermissionDenied):  # the lab is an editor's
        plan_site_import(site=read_site(seed_source), lab=lab_a, acting_user=user)
    plan, _ = _import(lab_a, aurick, seed_source, acting_user=user)
    assert Publication.objects.for_lab(lab_a).count() == 5
    other.refresh_from_db()
    assert not other.about


def test_a_member_does_not_change_a_labmates_paper(lab_a, aurick, seed_source):
    jane = make_person(lab=lab_a, full_name="Jane Labmate", slug="jane")
    theirs = make_publication(lab=lab_a, title="LLM360: Towards Fully Transparent "
                              "Open-source LLMs", year=2023,
                              authors=[("Jane Labmate", jane), "Someone Else"])
    user = _member_login(aurick)
    plan, _ = _import(lab_a, aurick, seed_source, acting_user=user)
    assert any(i.kind == "paper" and i.action == Action.SKIPPED for i in plan.items)
    theirs.refresh_from_db()
    assert not theirs.selected
    assert not PublicationLink.objects.for_lab(lab_a).filter(publication=theirs).exists()


def test_another_labs_person_is_refused_and_untouched(lab_a, lab_b, seed_source):
    stranger = make_person(lab=lab_b, full_name="Aurick Qiao", slug="aurick")
    with pytest.raises(PermissionDenied):
        plan_site_import(site=read_site(seed_source), lab=lab_a, person=stranger)
    assert Publication.objects.for_lab(lab_b).count() == 0


def test_a_lab_import_makes_members_and_alumni_once(lab_a, lab_b):
    import datetime

    site = _site(team=[
        SiteTeamMember("Ada Lovelace", group="phd", position="PhD student"),
        SiteTeamMember("Old Timer", alumnus=True, now="Professor somewhere",
                       joined=SiteDate(datetime.date(2015, 1, 1), "year"),
                       left=SiteDate(datetime.date(2019, 1, 1), "year")),
    ])
    apply_site_import(plan=plan_site_import(site=site, lab=lab_a))
    people = Person.objects.for_lab(lab_a)
    assert people.current().get().full_name == "Ada Lovelace"
    assert people.current().get().group.kind == "phd"
    alumnus = people.alumni().get()
    assert (alumnus.left.year, alumnus.left_precision, alumnus.now) == (
        2019, "year", "Professor somewhere")
    assert not plan_site_import(site=site, lab=lab_a).writes_anything
    assert Person.objects.for_lab(lab_b).count() == 0


def test_a_plain_address_is_a_mailto_link(lab_a, aurick):
    site = _site(profile={"email": "aurick@example.org"})
    apply_site_import(plan=plan_site_import(site=site, lab=lab_a, person=aurick))
    aurick.refresh_from_db()
    assert (aurick.email, aurick.email_display) == ("aurick@example.org", "link")


def _big_site(size):
    import datetime

    from publications.importers.base import ParsedAuthor, ParsedEntry
    from siteimport.types import SiteLink, SitePaper, SiteSection

    day = datetime.date(2024, 1, 1)
    return _site(
        profile={"links": [SiteLink("other", f"https://example.org/{i}") for i in range(size)]},
        sections=[SiteSection("custom", f"Part {i}", "text") for i in range(size)],
        news=[SiteNewsItem(f"News {i}", date=SiteDate(day, "day")) for i in range(size)],
        awards=[SiteAward(f"Award {i}", date=SiteDate(day, "year")) for i in range(size)],
        cv=[SiteCVEntry("service", f"Reviewer {i}") for i in range(size)],
        papers=[SitePaper(ParsedEntry(None, f"entry {i}", "conference", f"Paper number {i}",
                                      [ParsedAuthor("Aurick Qiao")], False, year=2024))
                for i in range(size)],
    )


def test_planning_runs_a_fixed_number_of_queries(lab_a, aurick):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for size in (2, 40):
        with CaptureQueriesContext(connection) as queries:
            plan = plan_site_import(site=_big_site(size), lab=lab_a, person=aurick)
        assert len([i for i in plan.items if i.kind == "news"]) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_photo_that_is_not_an_image_is_skipped_with_the_reason(lab_a, aurick, tmp_path):
    folder = site_folder(tmp_path, "markdown")
    (folder / "aurick.jpg").write_bytes(b"<html>not a photo</html>")
    source = open_site(folder)
    plan, _ = _import(lab_a, aurick, source)
    photo = next(item for item in plan.items if item.kind == "photo")
    assert photo.action == Action.SKIPPED and photo.reason
    aurick.refresh_from_db()
    assert not aurick.photo
    assert Publication.objects.for_lab(lab_a).count() == 5  # the rest was imported


def test_team_photos_go_through_the_image_pipeline_once(lab_a, tmp_path):
    from tests.people.imagedata import jpeg_bytes

    folder = tmp_path / "lab"
    (folder / "images" / "teampic").mkdir(parents=True)
    (folder / "images" / "teampic" / "ada.jpg").write_bytes(jpeg_bytes(300, 300))
    (folder / "images" / "teampic" / "bad.jpg").write_bytes(b"<html>no</html>")
    source = open_site(folder)
    site = _site(team=[SiteTeamMember("Ada Lovelace", photo="images/teampic/ada.jpg"),
                       SiteTeamMember("Bad Photo", photo="images/teampic/bad.jpg")])
    plan = plan_site_import(site=site, lab=lab_a, source=source)
    apply_site_import(plan=plan, source=source)
    ada = Person.objects.for_lab(lab_a).get(full_name="Ada Lovelace")
    assert ada.photo.name.startswith("labs/lab-a/people/") and ada.photo_sizes
    assert not Person.objects.for_lab(lab_a).get(full_name="Bad Photo").photo
    skipped = [i for i in plan.items if i.kind == "member photo" and i.action == "skipped"]
    assert [i.what for i in skipped] == ["images/teampic/bad.jpg"]
    again = plan_site_import(site=site, lab=lab_a, source=source)
    assert not again.writes_anything


def test_a_lab_import_keeps_the_team_pages_heading_and_an_obfuscated_email_as_text(lab_a):
    import datetime

    site = _site(team=[
        SiteTeamMember("Kohl Kinning", group="phd", group_heading="PhD Students",
                       email="kkinning at stowers.org", email_obfuscated=True,
                       joined=SiteDate(datetime.date(2021, 9, 1), "month")),
        SiteTeamMember("Riddle Writer", email="first name (at) lab (dot) org?",
                       email_obfuscated=True),
        SiteTeamMember("Chunzhi Su", group="phd", group_heading="Alumni", alumnus=True,
                       left=SiteDate(datetime.date(2018, 1, 1), "year")),
    ])
    plan = plan_site_import(site=site, lab=lab_a)
    apply_site_import(plan=plan)
    people = {row.full_name: row for row in Person.objects.for_lab(lab_a)}
    kohl = people["Kohl Kinning"]
    assert (kohl.email, kohl.email_display) == ("kkinning@stowers.org", "text")
    assert (str(kohl.joined), kohl.joined_precision) == ("2021-09-01", "month")
    assert kohl.group.name == "PhD Students"
    assert people["Chunzhi Su"].group_id == kohl.group_id  # "Alumni" names no group
    riddle = people["Riddle Writer"]
    assert (riddle.email, riddle.email_display) == ("", "written")
    assert riddle.email_written == "first name (at) lab (dot) org?"
    assert not plan_site_import(site=site, lab=lab_a).writes_anything
