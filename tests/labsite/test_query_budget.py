"""Every public page runs at most QUERY_BUDGET queries with the page cache empty, and the
same number for a lab of 20 papers as for one of 2,000 (people, authors, links, awards
and news grow with it; demo/synthetic.py)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from demo.synthetic import build_lab
from labsite import tenancy
from labsite.cache import forget_lab_memos
from news.models import NewsItem
from publications.models import Publication
from tests.planner import analyze_on_postgres

pytestmark = pytest.mark.django_db

QUERY_BUDGET = 10
# A homepage composed of sections also reads its section rows, its research interests and
# (with a team section) the members its owner leads: one query each, whatever the sizes.
# In a new process it also reads the lab's list settings (whether paper highlights are
# honours), which every later page of the process shares (labsite.cache.PerLabMemo).
PAGE_BUDGETS = {"homepage": QUERY_BUDGET + 3 + 1}
SMALL, LARGE = 20, 2000


def pages(lab) -> dict[str, str]:
    paper = Publication.objects.for_lab(lab).filter(awards__isnull=False).first()
    news = NewsItem.objects.for_lab(lab).published().exclude(slug="").first()
    return {
        "home": "/",
        "team": "/people/",
        "homepage": "/people/person-0/",
        "publications": "/publications/",
        "filtered": "/publications/?person=person-0&group=kind",
        "publication": f"/publications/{paper.slug}/",
        "publication bib": f"/publications/{paper.slug}.bib",
        "list bib": "/publications.bib",
        "news": "/news/",
        "news item": f"/news/{news.slug}/",
        "feed": "/news/feed/",
        "member feed": "/people/person-0/feed/",
        "awards": "/awards/",
        "sitemap": "/sitemap.xml",
    }


def cold_queries(host: str, path: str) -> tuple[int, bytes]:
    cache.clear()  # host lookups and rendered pages alike
    tenancy._resolved.clear()  # and this process's memo of hosts (kept across cache.clear())
    forget_lab_memos()  # and of each lab's settings
    with CaptureQueriesContext(connection) as queries:
        response = Client(HTTP_HOST=host).get(path)
    assert response.status_code == 200, f"{host}{path}: {response.status_code}"
    return len(queries), response.content


def test_public_pages_run_a_fixed_small_number_of_queries():
    small = build_lab(slug="small", host="small.example.org", papers=SMALL)
    large = build_lab(slug="large", host="large.example.org", papers=LARGE)
    analyze_on_postgres()
    counts = {}
    for page, path in pages(small).items():
        small_count, small_body = cold_queries("small.example.org", path)
        large_path = pages(large)[page]
        large_count, large_body = cold_queries("large.example.org", large_path)
        counts[page] = (small_count, large_count)
        # The large lab really is larger where lists are concerned (and never shows the other).
        assert b"Synthetic Lab small" not in large_body
        if page in ("homepage", "home"):  # composed of several sections, custom and team too
            for body in (small_body, large_body):
                assert body.count(b'<section class="page-section') >= 5, page
                assert b'id="team"' in body and b"Join us</h2>" in body, page
    print("queries (20 papers, 2,000 papers):", counts)
    grown = {page: pair for page, pair in counts.items() if pair[0] != pair[1]}
    assert not grown, f"query count depends on the size of the lab: {grown}"
    over = {
        page: pair
        for page, pair in counts.items()
        if pair[1] > PAGE_BUDGETS.get(page, QUERY_BUDGET)
    }
    assert not over, f"over the budget of {QUERY_BUDGET} queries ({PAGE_BUDGETS}): {over}"
