"""The tenant-scoping guard (labsite/scoping.py): a read of a lab's rows that forgot
``.for_lab(lab)`` fails loudly in tests, and nothing changes with the setting off.

The guard leaves a test's own reads alone and checks the code the test calls, by where
that code lives. So the views and services here are compiled as if they lived in an app
(``people/``), not in ``tests/``.
"""

import contextlib
import sys
import types

import pytest
from django.conf import settings
from django.urls import path

from labsite import scoping
from labsite.scoping import UnscopedQueryError, unscoped
from people.models import Person
from publications.models import Authorship, Publication
from tests.factories import make_person, make_publication, make_tag

pytestmark = pytest.mark.django_db

APP_CODE = """
from django.db.models import Count
from django.http import HttpResponse
from labsite.scoping import unscoped
from people.models import Person
from publications.models import Publication


def forgotten_scope_view(request):
    titles = sorted(Publication.objects.values_list("title", flat=True))
    return HttpResponse(" | ".join(titles))


def scoped_view(request):
    titles = sorted(Publication.objects.for_lab(request.lab).values_list("title", flat=True))
    return HttpResponse(" | ".join(titles))


def evaluate(queryset, how):
    # how(queryset), or a Python expression on qs, run from this app's code.
    if isinstance(how, str):
        return eval(how, {"Count": Count}, {"qs": queryset})
    return how(queryset)


def validate(paper):
    paper.full_clean()
    paper.refresh_from_db()
    return paper


def every_lab_title():
    with unscoped("a report over every lab"):
        return sorted(Publication.objects.values_list("title", flat=True))


@unscoped("a platform statistic")
def paper_count():
    return Publication.objects.count()


def authors_of_a_scoped_member(lab, slug):
    person = Person.objects.for_lab(lab).get(slug=slug)
    papers = Publication.objects.for_lab(lab).prefetch_related("authorships", "tags")
    return {
        "authorships": [row.name for row in person.authorships.all()],
        "tags": sorted(tag.name for paper in papers for tag in paper.tags.all()),
        "prefetched": sorted(row.name for paper in papers for row in paper.authorships.all()),
    }
"""


@pytest.fixture
def app_module():
    """``APP_CODE`` as a module of the ``people`` app (a file name under people/)."""
    module = types.ModuleType("people.scoping_probe")
    filename = str(settings.BASE_DIR / "people" / "scoping_probe.py")
    exec(compile(APP_CODE, filename, "exec"), module.__dict__)  # noqa: S102 -- our own code
    return module


@pytest.fixture
def probe_urls(settings, app_module):
    urls = types.ModuleType("tests.labsite.scoping_probe_urls")
    urls.urlpatterns = [
        path("forgotten/", app_module.forgotten_scope_view),
        path("scoped/", app_module.scoped_view),
    ]
    sys.modules[urls.__name__] = urls
    settings.ROOT_URLCONF = urls.__name__
    yield urls
    del sys.modules[urls.__name__]


@pytest.fixture
def papers(lab_a, lab_b):
    alice = make_person(lab=lab_a, full_name="Alice Alpha", slug="alice")
    tag = make_tag(lab=lab_a, name="alpha-tag")
    make_publication(lab=lab_a, title="Alpha paper", authors=[("Alice Alpha", alice)], tags=[tag])
    make_publication(lab=lab_b, title="Beta paper")
    return alice


def expect_unscoped_error(match):
    """``pytest.raises`` for the guard's error; the error is then not counted again by the
    suite-wide check in tests/conftest.py."""

    class Expect:
        def __enter__(self):
            self.raises = pytest.raises(UnscopedQueryError, match=match)
            return self.raises.__enter__()

        def __exit__(self, *exc):
            handled = self.raises.__exit__(*exc)
            scoping.raised_errors.clear()
            return handled

    return Expect()


def test_a_view_that_forgets_for_lab_fails_loudly(client_a, papers, probe_urls):
    with expect_unscoped_error(
        r"Publication read without \.for_lab\(lab\).*people/scoping_probe\.py"
    ):
        client_a.get("/forgotten/")


def test_the_same_view_with_for_lab_shows_only_its_own_lab(client_a, client_b, papers, probe_urls):
    assert client_a.get("/scoped/").content.decode() == "Alpha paper"
    assert client_b.get("/scoped/").content.decode() == "Beta paper"


def test_with_the_setting_off_nothing_raises(settings, client_a, papers, probe_urls):
    settings.LABSITE_STRICT_TENANT_SCOPING = False  # production
    assert client_a.get("/forgotten/").content.decode() == "Alpha paper | Beta paper"


@pytest.mark.parametrize(
    "how",
    [
        "list(qs)",
        "len(qs)",
        "bool(qs)",
        "qs.count()",
        "qs.exists()",
        "qs.first()",
        "qs.get(title='Alpha paper')",
        "list(qs.iterator())",
        "list(qs.values('pk'))",
        "qs.in_bulk()",
        "qs.aggregate(n=Count('pk'))",
        "qs.update(note='changed')",
        "qs.delete()",
        "list(qs.filter(year__gte=2000).order_by('title')[:5])",
    ],
)
def test_every_way_of_reaching_the_database_is_checked(papers, app_module, how):
    with expect_unscoped_error("Publication read without"):
        app_module.evaluate(Publication.objects.all(), how)
    assert Publication.objects.count() == 2  # nothing was written or deleted


def test_a_scoped_queryset_stays_scoped_through_chaining(lab_a, papers, app_module):
    scoped = Publication.objects.for_lab(lab_a).filter(year__gte=1900).order_by("title")
    assert [p.title for p in app_module.evaluate(scoped.exclude(title=""), list)] == ["Alpha paper"]
    assert app_module.evaluate(scoped.values_list("title", flat=True), list) == ["Alpha paper"]


def test_or_with_an_unscoped_queryset_is_unscoped(lab_a, papers, app_module):
    scoped = Publication.objects.for_lab(lab_a)
    with expect_unscoped_error("Publication read without"):
        app_module.evaluate(scoped | Publication.objects.filter(title="Beta paper"), list)
    with expect_unscoped_error("Publication read without"):
        app_module.evaluate(scoped.union(Publication.objects.all()), list)
    both_scoped = scoped | Publication.objects.for_lab(lab_a).filter(title="x")
    assert [p.title for p in app_module.evaluate(both_scoped, list)] == ["Alpha paper"]


def test_unscoped_allows_a_read_across_labs_and_needs_a_reason(papers, app_module):
    assert app_module.every_lab_title() == ["Alpha paper", "Beta paper"]
    assert app_module.paper_count() == 2  # as a decorator
    with expect_unscoped_error("Publication read without"):
        app_module.evaluate(Publication.objects.all(), list)  # only inside the block
    with pytest.raises(ValueError, match="needs a reason"):
        unscoped("  ")


def test_related_managers_and_prefetches_of_a_scoped_row_need_no_for_lab(lab_a, papers, app_module):
    seen = app_module.authors_of_a_scoped_member(lab_a, "alice")
    assert seen == {
        "authorships": ["Alice Alpha"],
        "tags": ["alpha-tag"],
        "prefetched": ["Alice Alpha"],
    }


def test_another_labs_rows_never_appear_through_for_labs(lab_a, lab_b, papers, app_module):
    rows = app_module.evaluate(Publication.objects.for_labs([lab_a.pk]), list)
    assert [p.title for p in rows] == ["Alpha paper"]
    assert app_module.evaluate(Person.objects.for_lab(lab_b), list) == []
    assert app_module.evaluate(Authorship.objects.for_lab(None), list) == []


def test_the_error_is_recorded_even_when_code_swallows_it(papers, app_module):
    with contextlib.suppress(UnscopedQueryError):  # as a careless ``except Exception`` would
        app_module.evaluate(Publication.objects.all(), list)
    assert len(scoping.raised_errors) == 1
    assert "Publication read without" in str(scoping.raised_errors[0])
    scoping.raised_errors.clear()  # tests/conftest.py fails any test that leaves one here


def test_model_validation_and_refresh_need_no_for_lab(lab_a, papers, app_module):
    paper = app_module.evaluate(Publication.objects.for_lab(lab_a), list)[0]
    # Unique and constraint checks read through Django's default manager.
    assert app_module.validate(paper).title == "Alpha paper"


def test_direct_reads_in_a_test_are_the_tests_own_assertions(papers):
    assert Publication.objects.count() == 2
