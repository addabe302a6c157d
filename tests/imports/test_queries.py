"""Matching and writing run a constant number of queries whatever the number of entries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from publications.models import Authorship, Publication
from tests.factories import make_lab, make_person
from tests.imports.bench_import import make_bib
from tests.imports.helpers import plan, run_import

pytestmark = pytest.mark.django_db


def queries(function, *args, **kwargs):
    with CaptureQueriesContext(connection) as captured:
        result = function(*args, **kwargs)
    return len(captured.captured_queries), result


@pytest.mark.parametrize("person", [False, True])
def test_import_query_count_does_not_grow_with_the_file(person):
    counts = {}
    for size in (20, 200):
        lab = make_lab()
        beidi = make_person(lab=lab, full_name="Beidi Chen")
        make_person(lab=lab, full_name="Tri Dao")
        data = make_bib(size, seed=size).encode()
        kwargs = {"person": beidi} if person else {}

        planned, result = queries(plan, lab, ("x.bib", data), **kwargs)
        assert result.counts["created"] == size
        written, report = queries(run_import, lab, ("x.bib", data), **kwargs)
        again, repeat = queries(run_import, lab, ("x.bib", data), **kwargs)
        assert Publication.objects.for_lab(lab).count() == size
        assert repeat.counts["duplicates"] == size
        counts[size] = (planned, written, again)
    # Beidi is on every paper (unless cut by "and others"): linked without extra queries.
    assert Authorship.objects.filter(person__isnull=False).count() >= 180
    assert counts[20] == counts[200], counts
    planned, written, again = counts[200]
    assert planned <= 8 and written <= 20 and again <= 12, counts

