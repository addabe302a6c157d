"""Which pages a change shows on: what an edit changed is recorded, and only the pages
showing it are published again (publishing/incremental.py).

Recording: every save, delete and many-to-many change of a tenant row stores ``(model,
pk)`` once per lab in ``PublishChange`` when its transaction commits (a rolled-back edit
records nothing). A bump that no row's signal explains (bulk writes, raw SQL, a lab or
domain edit; labsite.versions) and any delete store ``"*"``: publish everything.

Mapping (:func:`pages_affected`), lab-host paths; ``None`` means a full publish:

* a paper: its page, ``/publications/``, ``/publications.bib``, its authors' homepages,
  the news items and awards that cite it (their pages, lists and feeds);
* a person: ``/people/``, their homepage and feed, every paper they author (their name
  is in its author list), the lists, the homepages of those they lead, their news and
  awards;
* a news item: ``/news/``, its page, the feeds, its person's homepage, its paper's page;
* an award: ``/awards/``, its person's homepage, its paper's page;
* authorships, links and tags: the paper or person they belong to;
* any other model (lab, domain, section, settings, groups, …): everything.

Every change also renders ``/`` and ``/sitemap.xml``.
"""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from awards.models import Award
from labsite.models import Lab, TenantModel
from labsite.signals import connect_tenant_writes
from news.models import NewsItem
from people.models import Person, PersonLink
from publications.models import Authorship, Publication, PublicationLink, Tag
from publishing.models import EVERYTHING, PublishChange
from publishing.targets import publishing_enabled

ALWAYS = ("/", "/sitemap.xml")


# -- recording ---------------------------------------------------------------------------

def _store(lab_id: int, rows: list[tuple[str, str]]) -> None:
    if not publishing_enabled() or not Lab.objects.filter(pk=lab_id).exists():
        return  # publishing is off, or the lab was deleted with its rows
    try:
        PublishChange.objects.bulk_create(
            [PublishChange(lab_id=lab_id, model=model, object_pk=pk) for model, pk in rows],
            ignore_conflicts=True,
        )
    except IntegrityError:  # the lab was deleted meanwhile
        return


def record(lab_id: int | None, rows: list[tuple[str, str]]) -> None:
    """Store ``rows`` as changed once the current transaction commits (at once outside
    one): after the lab's own delete cascade, never part of it."""
    if lab_id is not None and rows and publishing_enabled():
        transaction.on_commit(partial(_store, lab_id, rows), robust=True)


def record_everything(lab_id: int) -> None:
    record(lab_id, [(EVERYTHING, "")])


def _saved(sender, instance, **kwargs):
    record(instance.lab_id, [(sender._meta.label_lower, str(instance.pk))])


def _deleted(sender, instance, **kwargs):
    # The row and what pointed at it are gone: its old pages are known only to a full
    # publish (which also removes them).
    record_everything(instance.lab_id)


def _m2m_changed(sender, instance, action, model, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    rows = [(type(instance)._meta.label_lower, str(instance.pk))]
    if action == "post_clear" or not issubclass(model, TenantModel):
        rows.append((EVERYTHING, ""))  # what was cleared is gone
    else:
        rows += [(model._meta.label_lower, str(pk)) for pk in pk_set or ()]
    record(getattr(instance, "lab_id", None), rows)


def connect_recording() -> None:
    """Record every concrete TenantModel's writes (and its many-to-many tables)."""
    connect_tenant_writes(saved=_saved, deleted=_deleted, m2m_changed_receiver=_m2m_changed,
                          uid="publish")


def take_changes(lab_id: int, *, limit: int) -> list[tuple[str, str]] | None:
    """The lab's recorded changes, removed from the queue; ``None``: publish everything
    (nothing recorded explains the bump, ``"*"`` was recorded, or more than ``limit``)."""
    rows = list(PublishChange.objects.filter(lab_id=lab_id).order_by("pk")
                .values_list("pk", "model", "object_pk")[: limit + 1])
    if rows:
        PublishChange.objects.filter(lab_id=lab_id, pk__lte=rows[-1][0]).delete()
    if not rows or len(rows) > limit or any(model == EVERYTHING for _, model, _ in rows):
        return None
    return [(model, pk) for _, model, pk in rows]


# -- mapping -----------------------------------------------------------------------------

def lab_path(view_name: str, slug: str) -> str:
    """The path of a lab-host page, whichever host the renderer answered last (a member
    domain's request leaves its own URLconf set on the thread)."""
    return reverse(view_name, kwargs={"slug": slug}, urlconf=settings.ROOT_URLCONF)


def _ids(changes, model) -> set[int]:
    label = model._meta.label_lower
    return {int(pk) for each, pk in changes if each == label}


def _lab_ids(lab, changes, model) -> set[int]:
    """The changed rows of ``model`` that are ``lab``'s (and still exist)."""
    ids = _ids(changes, model)
    return set(model.objects.for_lab(lab).filter(pk__in=ids).values_list("pk", flat=True)
               ) if ids else set()


def _paper_paths(lab, ids: set[int]) -> set[str]:
    return {lab_path("publications:detail", slug) for slug in
            Publication.objects.for_lab(lab).filter(pk__in=ids).values_list("slug", flat=True)}


def _person_paths(lab, ids: set[int]) -> set[str]:
    paths = set()
    for slug in Person.objects.for_lab(lab).filter(pk__in=ids).values_list("slug", flat=True):
        paths.add(lab_path("people:detail", slug))
        paths.add(lab_path("news:person_feed", slug))
    return paths


def _news_paths(lab, ids: set[int]) -> set[str]:
    return {lab_path("news:detail", slug) for slug in
            NewsItem.objects.for_lab(lab).filter(pk__in=ids).values_list("slug", flat=True)}


NEWS_LISTS = ("/news/", "/news/feed/")
PAPER_LISTS = ("/publications/", "/publications.bib")
KNOWN = {m._meta.label_lower for m in (Publication, Person, NewsItem, Award, Authorship,
                                       PublicationLink, PersonLink, Tag)}


def _owners(lab, changes, papers: set[int], people: set[int]) -> None:
    """Rows that belong to a paper or a person count as a change of it."""
    for paper, person in Authorship.objects.for_lab(lab).filter(
            pk__in=_ids(changes, Authorship)).values_list("publication_id", "person_id"):
        papers.add(paper)
        if person:
            people.add(person)
    papers |= set(PublicationLink.objects.for_lab(lab).filter(
        pk__in=_ids(changes, PublicationLink)).values_list("publication_id", flat=True))
    people |= set(PersonLink.objects.for_lab(lab).filter(
        pk__in=_ids(changes, PersonLink)).values_list("person_id", flat=True))
    if _ids(changes, Tag):
        papers |= set(Publication.objects.for_lab(lab).filter(
            tags__in=_ids(changes, Tag)).values_list("pk", flat=True))


def _people_show_on(lab, people, papers, news, paths) -> None:
    """A person's name shows on every paper they author and on those they lead."""
    if not people:
        return
    paths.update(("/people/", *PAPER_LISTS))
    papers |= set(Authorship.objects.for_lab(lab).filter(
        person_id__in=people).values_list("publication_id", flat=True))
    people |= set(Person.objects.for_lab(lab).filter(
        team_lead_id__in=people).values_list("pk", flat=True))
    news |= set(NewsItem.objects.for_lab(lab).filter(
        person_id__in=people).values_list("pk", flat=True))
    if Award.objects.for_lab(lab).filter(person_id__in=people).exists():
        paths.add("/awards/")


def _papers_show_on(lab, papers, people, news, paths) -> None:
    if not papers:
        return
    paths.update(PAPER_LISTS)
    people |= {p for p in Authorship.objects.for_lab(lab).filter(
        publication_id__in=papers).values_list("person_id", flat=True) if p}
    news |= set(NewsItem.objects.for_lab(lab).filter(
        publication_id__in=papers).values_list("pk", flat=True))
    if Award.objects.for_lab(lab).filter(publication_id__in=papers).exists():
        paths.add("/awards/")


def _cited_by(queryset, people: set[int], papers: set[int]) -> None:
    """The person and paper a news item or award names: their pages show it."""
    for person, paper in queryset.values_list("person_id", "publication_id"):
        if person:
            people.add(person)
        if paper:
            papers.add(paper)


def pages_affected(lab, changes: list[tuple[str, str]]) -> set[str] | None:
    """The lab-host paths whose pages show one of ``changes`` (``(model label, pk)``
    pairs, as recorded), or ``None`` when only a full publish covers them."""
    if any(model not in KNOWN for model, _ in changes):
        return None
    papers, people = _lab_ids(lab, changes, Publication), _lab_ids(lab, changes, Person)
    news, awards = _lab_ids(lab, changes, NewsItem), _lab_ids(lab, changes, Award)
    paths = set(ALWAYS)
    _owners(lab, changes, papers, people)
    if _lab_ids(lab, changes, Tag):
        paths.update(PAPER_LISTS)
    _people_show_on(lab, people, papers, news, paths)
    _papers_show_on(lab, papers, people, news, paths)
    if awards:
        paths.add("/awards/")
        _cited_by(Award.objects.for_lab(lab).filter(pk__in=awards), people, papers)
    if news:
        paths.update(NEWS_LISTS)
        _cited_by(NewsItem.objects.for_lab(lab).filter(pk__in=news), people, papers)
    return paths | _paper_paths(lab, papers) | _news_paths(lab, news) | _person_paths(
        lab, people)
