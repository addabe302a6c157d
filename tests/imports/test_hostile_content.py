"""Hostile exports: script in titles, names, venues and links renders inert everywhere the
paper shows; random and mutated files through the whole import (parse, match, write) give
a report or a clean ImportFailed, and a failed import leaves nothing behind."""

import re

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publications.imports import ImportFailed
from publications.models import Publication, PublicationLink
from tests.imports.helpers import bib, data, run_import, snapshot

pytestmark = pytest.mark.django_db

PAYLOADS = {
    "title": '<script>alert("t")</script> Fast & <img src=x onerror=alert(1)> models',
    "author": "<svg onload=alert(2)>, Evil and Normal, Nina",
    "journal": '"><iframe src=javascript:alert(3)>',
    "url": "javascript:alert(4)",
}
HOSTILE = bib(
    "@article{evil2024x,\n"
    f"  title={{{PAYLOADS['title']}}},\n"
    f"  author={{{PAYLOADS['author']}}},\n"
    f"  journal={{{PAYLOADS['journal']}}},\n"
    f"  url={{{PAYLOADS['url']}}},\n"
    "  year={2024}\n}"
)
LIVE_MARKUP = re.compile(r"<script>alert|<img src=x|<svg onload|<iframe|href=\"javascript:",
                         re.IGNORECASE)


def test_script_in_an_export_renders_inert_on_every_page(lab_a):
    run_import(lab_a, ("evil.bib", HOSTILE))
    paper = Publication.objects.for_lab(lab_a).get()
    assert "<script>" in paper.title  # stored as written: escaping is the pages' job
    client = Client(HTTP_HOST="a.example.org")
    for path in ["/", "/publications/", f"/publications/{paper.slug}/", "/sitemap.xml",
                 f"/publications/{paper.slug}.bib", "/publications.bib",
                 "/publications/?q=fast"]:
        response = client.get(path)
        assert response.status_code == 200, path
        if path.endswith(".bib"):
            # BibTeX is the text as written, never a page a browser renders or sniffs.
            assert response["Content-Type"].startswith("application/x-bibtex")
            assert response["X-Content-Type-Options"] == "nosniff"
            continue
        body = response.content.decode()
        assert not LIVE_MARKUP.search(body), f"live markup on {path}"
    detail = client.get(f"/publications/{paper.slug}/").content.decode()
    assert "&lt;script&gt;alert" in detail  # shown as text
    assert "&lt;svg onload=alert(2)&gt;" in detail or "svg onload" not in detail


@st.composite
def mutated_export(draw):
    """A real export with random bytes cut, repeated or inserted."""
    sample = bytearray(draw(st.sampled_from([data("profile.bib"), data("profile.csv"),
                                             data("scholar.ris"), data("scholar.enw"),
                                             data("gs_data.json")])))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(sample)))
        action = draw(st.sampled_from(["cut", "insert", "repeat"]))
        if action == "cut":
            del sample[at: at + draw(st.integers(1, 40))]
        elif action == "insert":
            sample[at:at] = draw(st.binary(min_size=1, max_size=20))
        else:
            sample[at:at] = sample[at: at + draw(st.integers(1, 200))]
    return bytes(sample)


@settings(max_examples=40, deadline=5000, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(export=st.one_of(mutated_export(), st.binary(max_size=2000)))
def test_whatever_is_imported_the_result_is_a_report_or_a_clean_failure(lab_a, export):
    before = snapshot(lab_a)
    try:
        report = run_import(lab_a, ("upload.bin", export))
    except ImportFailed as failure:
        assert "nothing was changed" in str(failure)
        assert snapshot(lab_a) == before
        return
    for item in report.items:
        assert item.status in {"new", "update", "merge", "duplicate", "possible-duplicate",
                               "error"}
        if item.status == "error":
            assert item.describe().startswith("upload.bin")
    # Every paper written is whole: a title, and its authors numbered from 1 without gaps.
    for paper in Publication.objects.for_lab(lab_a).prefetch_related("authorships"):
        assert paper.title.strip()
        positions = sorted(a.position for a in paper.authorships.all())
        assert positions == list(range(1, len(positions) + 1))


@pytest.mark.parametrize("url", [
    "ftp://files.example.org/paper.pdf",
    "https://name@example.org/paper",
    "javascript:alert(1)",
])
def test_an_imported_link_follows_the_one_link_rule(lab_a, lab_b, url):
    """Imports keep only what labsite.links accepts everywhere else: http(s), no login part.
    Django's plain URLValidator took ftp:// and https://name@host, which the pages then
    never showed as links."""
    entry = (f"@article{{k1, title={{A paper with a link}}, author={{Ada Lovelace}},"
             f" journal={{J}}, year={{2024}}, url={{{url}}}}}")
    kept = ("@article{k2, title={Another paper with a link}, author={Ada Lovelace},"
            " journal={J}, year={2024}, url={https://example.org/another}}")
    run_import(lab_a, ("links.bib", bib(entry, kept)))
    urls = set(PublicationLink.objects.for_lab(lab_a).values_list("url", flat=True))
    assert urls == {"https://example.org/another"}
    assert not PublicationLink.objects.for_lab(lab_b).exists()
