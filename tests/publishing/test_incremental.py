"""Publishing only what an edit changed: each dependency rule re-renders exactly its pages
(every other file keeps its inode), a rename reaches every page showing the name, another
lab's files are never touched, bursts coalesce, and anything unclear is a full publish."""

from pathlib import Path

import pytest
from django.db import transaction

from awards.models import Award
from labsite.cache import bump_content_version
from labsite.models import Lab
from news.models import NewsItem
from people.models import Person
from publications.models import Publication
from publishing import tasks
from publishing.dependencies import pages_affected
from publishing.models import PublishChange
from publishing.services import publish_lab
from tests.factories import make_award, make_news, make_person, make_publication
from tests.publishing.test_on_write import queued

pytestmark = pytest.mark.django_db

HOME = {"a.example.org/index.html", "a.example.org/sitemap.xml"}
PAPER_LISTS = {"a.example.org/publications/index.html", "a.example.org/publications.bib"}
ADA_PAGES = {"a.example.org/people/ada/index.html", "a.example.org/people/ada/feed/index.atom",
             "ada.example.net/index.html"}


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Each published file's (inode, mtime): a rewritten file is a new inode."""
    files = {}
    for link in root.iterdir():
        if link.name.startswith("."):
            continue
        for path in link.rglob("*"):
            if path.is_file():
                stat = path.stat()
                files[f"{link.name}/{path.relative_to(link)}"] = (stat.st_ino, stat.st_mtime_ns)
    return files


def rewritten(before: dict, after: dict) -> set[str]:
    return {key for key, value in after.items() if before.get(key) != value}


def read(root: Path, key: str) -> bytes:
    return (root / key).read_bytes()


@pytest.fixture
def site(publish_root, lab_a_content, lab_a):
    """Lab A: Ada (own domain) and Bo, papers by each and one by nobody of the lab, a news
    item by Ada, an award of Bo's paper; published in full."""
    ada = lab_a_content
    bo = make_person(lab=lab_a, full_name="Bo Chen", slug="bo")
    make_publication(lab=lab_a, title="Second Ada Paper", slug="ada-two",
                     authors=[("Ada Moreau", ada)])
    make_publication(lab=lab_a, title="Bo Alone", slug="bo-alone", authors=[("Bo Chen", bo)])
    make_publication(lab=lab_a, title="Guest Paper", slug="guest", authors=["Cy Guest"])
    make_news(lab=lab_a, title="Ada speaks", slug="ada-speaks", person=ada)
    make_award(lab=lab_a, title="Best Paper", person=bo,
               publication=Publication.objects.for_lab(lab_a).get(slug="bo-alone"))
    publish_lab(lab=lab_a)
    PublishChange.objects.all().delete()
    return publish_root


def changing(lab, model, lookup: dict, **values):
    """An edit: the row of ``model`` that ``lookup`` finds, saved with ``values``."""
    def edit():
        row = model.objects.for_lab(lab).get(**lookup)
        for name, value in values.items():
            setattr(row, name, value)
        row.save()
    return edit


def publish_after(edit, lab, root, capture):
    before = snapshot(root)
    with capture(execute=True):
        edit()
    assert queued(lab) >= 1
    result = tasks.publish_lab_on_write.call(lab.pk)
    assert "error" not in result, result
    return rewritten(before, snapshot(root))


def test_a_paper_edit_renders_its_page_lists_home_sitemap_and_its_authors(
        site, lab_a, django_capture_on_commit_callbacks):
    edit = changing(lab_a, Publication, {"slug": "sparse-alpha"},
                    title="Dense Attention for Alpha Workloads")
    changed = publish_after(edit, lab_a, site, django_capture_on_commit_callbacks)
    assert changed == HOME | PAPER_LISTS | ADA_PAGES | {
        "a.example.org/publications/sparse-alpha/index.html"}
    for key in ("a.example.org/publications/sparse-alpha/index.html",
                "a.example.org/publications/index.html", "a.example.org/publications.bib",
                "ada.example.net/index.html"):
        assert b"Dense Attention for Alpha Workloads" in read(site, key), key
    # The paper's own page is replaced first, then the publication list and home (before
    # the sitemap, which a large lab takes longest to render), the other lists, the sitemap
    # last.
    order = sorted(changed, key=lambda key: (site / key).stat().st_mtime_ns)
    assert order[:3] == ["a.example.org/publications/sparse-alpha/index.html",
                         "a.example.org/publications/index.html", "a.example.org/index.html"]
    assert order.index("a.example.org/index.html") < order.index("a.example.org/publications.bib")
    assert order[-2:] == ["a.example.org/sitemap.xml", "ada.example.net/index.html"]


def test_a_person_rename_renders_every_page_that_shows_the_name(
        site, lab_a, django_capture_on_commit_callbacks):
    edit = changing(lab_a, Person, {"slug": "ada"}, full_name="Ada Lovelace-Moreau")
    changed = publish_after(edit, lab_a, site, django_capture_on_commit_callbacks)
    assert changed == HOME | PAPER_LISTS | ADA_PAGES | {
        "a.example.org/people/index.html",
        "a.example.org/publications/sparse-alpha/index.html",
        "a.example.org/publications/ada-two/index.html",
        "a.example.org/news/index.html", "a.example.org/news/feed/index.atom",
        "a.example.org/news/ada-speaks/index.html",
    }
    assert "a.example.org/publications/bo-alone/index.html" not in changed
    for key in ("a.example.org/people/index.html", "ada.example.net/index.html",
                "a.example.org/people/ada/index.html"):
        assert b"Ada Lovelace-Moreau" in read(site, key), key


def test_a_news_edit_renders_the_news_pages_feeds_and_its_person(
        site, lab_a, django_capture_on_commit_callbacks):
    edit = changing(lab_a, NewsItem, {"slug": "ada-speaks"}, title="Ada speaks again")
    changed = publish_after(edit, lab_a, site, django_capture_on_commit_callbacks)
    assert changed == HOME | ADA_PAGES | {
        "a.example.org/news/index.html", "a.example.org/news/feed/index.atom",
        "a.example.org/news/ada-speaks/index.html"}
    assert b"Ada speaks again" in read(site, "a.example.org/news/feed/index.atom")


def test_an_award_edit_renders_the_awards_its_person_and_its_paper(
        site, lab_a, django_capture_on_commit_callbacks):
    edit = changing(lab_a, Award, {"title": "Best Paper"}, title="Best Paper Runner-up")
    changed = publish_after(edit, lab_a, site, django_capture_on_commit_callbacks)
    assert changed == HOME | {
        "a.example.org/awards/index.html", "a.example.org/people/bo/index.html",
        "a.example.org/people/bo/feed/index.atom",
        "a.example.org/publications/bo-alone/index.html"}
    assert b"Best Paper Runner-up" in read(site, "a.example.org/awards/index.html")


def test_a_new_paper_adds_its_page_without_rewriting_the_others(
        site, lab_a, django_capture_on_commit_callbacks):
    changed = publish_after(
        lambda: make_publication(lab=lab_a, title="Brand New", slug="brand-new",
                                 authors=["Cy Guest"]),
        lab_a, site, django_capture_on_commit_callbacks)
    assert "a.example.org/publications/brand-new/index.html" in changed
    assert b"Brand New" in read(site, "a.example.org/publications/index.html")
    assert not changed & {"a.example.org/publications/guest/index.html",
                          "a.example.org/people/index.html", "a.example.org/robots.txt"}


@pytest.mark.parametrize("edit_name", ["delete", "lab", "bulk", "too many pages"])
def test_what_no_rule_covers_is_a_full_publish(site, lab_a, edit_name, settings,
                                               django_capture_on_commit_callbacks):
    def edit():
        if edit_name == "delete":
            Publication.objects.for_lab(lab_a).get(slug="guest").delete()
        elif edit_name == "lab":
            Lab.objects.filter(pk=lab_a.pk).first().save()
        elif edit_name == "bulk":  # a write without signals bumps the version itself
            Publication.objects.for_lab(lab_a).filter(slug="guest").update(title="Bulk")
            bump_content_version(lab_a.pk)
        else:
            settings.LABSITE_PUBLISH_INCREMENTAL_MAX_PAGES = 3
            paper = Publication.objects.for_lab(lab_a).get(slug="guest")
            paper.title = "Bulk"
            paper.save()

    before = snapshot(site)
    changed = publish_after(edit, lab_a, site, django_capture_on_commit_callbacks)
    assert changed == set(snapshot(site)) and changed  # every file: a new build
    if edit_name == "delete":
        assert "a.example.org/publications/guest/index.html" in before
        assert not (site / "a.example.org/publications/guest/index.html").exists()
    elif edit_name != "lab":
        assert b"Bulk" in read(site, "a.example.org/publications/guest/index.html")


def test_another_labs_paper_of_the_same_name_never_touches_lab_a(
        site, lab_a, lab_b, django_capture_on_commit_callbacks):
    ada_b = make_person(lab=lab_b, full_name="Ada Moreau", slug="ada")
    paper_b = make_publication(lab=lab_b, title="Sparse Attention for Alpha Workloads",
                               slug="sparse-alpha", authors=[("Ada Moreau", ada_b)])
    publish_lab(lab=lab_b)
    a_before = {k: v for k, v in snapshot(site).items() if k.startswith(("a.", "ada."))}

    def edit():
        paper_b.title = "Beta's Own Title"
        paper_b.save()

    publish_after(edit, lab_b, site, django_capture_on_commit_callbacks)
    after = snapshot(site)
    assert {k: v for k, v in after.items() if k.startswith(("a.", "ada."))} == a_before
    assert b"Beta's Own Title" in read(site, "b.example.org/publications/sparse-alpha/index.html")
    assert b"Beta's Own Title" not in b"".join(read(site, key) for key in a_before)
    # Lab A's mapping never reads lab B's rows, even given their ids.
    assert pages_affected(lab_a, [("publications.publication", str(paper_b.pk)),
                                  ("people.person", str(ada_b.pk))]) == {"/", "/sitemap.xml"}


def test_a_burst_of_500_edits_is_one_task_with_one_change_per_row(
        site, lab_a, django_capture_on_commit_callbacks):
    paper = Publication.objects.for_lab(lab_a).get(slug="guest")
    before = snapshot(site)
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(250):  # 250 commits
            paper.title = f"Guest Paper v{n}"
            paper.save()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for n in range(250, 500):  # 250 writes in one transaction
            paper.title = f"Guest Paper v{n}"
            paper.save()
    assert PublishChange.objects.filter(lab=lab_a).count() == 1
    assert queued(lab_a) == 1
    tasks.publish_lab_on_write.call(lab_a.pk)
    changed = rewritten(before, snapshot(site))
    assert changed == HOME | PAPER_LISTS | {"a.example.org/publications/guest/index.html"}
    assert b"Guest Paper v499" in read(site, "a.example.org/publications/guest/index.html")
    assert not PublishChange.objects.exists()


def test_a_member_domain_follows_its_members_homepage(
        site, lab_a, django_capture_on_commit_callbacks):
    changed = publish_after(
        lambda: make_news(lab=lab_a, title="Bo news", slug="bo-news",
                          person=Person.objects.for_lab(lab_a).get(slug="bo")),
        lab_a, site, django_capture_on_commit_callbacks)
    assert "ada.example.net/index.html" not in changed
    assert "a.example.org/people/bo/index.html" in changed
