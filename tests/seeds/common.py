"""What the seed builders and their checks share: small real PNGs, the seed texts kept in
``tests/seeds/data/`` (copies of the five real seed pages), the no-raw-HTML rule on stored text, and
reading a rendered page section by section."""

from __future__ import annotations

import html as html_lib
import io
import re
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import models
from PIL import Image

from awards.models import Award
from labsite.sections import LabSection
from news.models import NewsItem
from people.models import CVEntry, Person, PersonLink, PersonSection, ResearchInterest
from publications.models import Authorship, Publication, PublicationLink, PublicationListSettings
from tests.people.test_composed_sections import sections as section_headings  # noqa: F401

DATA = Path(__file__).parent / "data"

# Every model a seed writes text into, for the no-raw-HTML check.
TEXT_MODELS = (
    Person, PersonLink, PersonSection, ResearchInterest, CVEntry, NewsItem, Award,
    Publication, Authorship, PublicationLink, PublicationListSettings, LabSection,
)  # fmt: skip
# An HTML tag or comment as a member might paste it; markdown never needs one.
TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")


def seed_text(number: str) -> str:
    return (DATA / f"seed_{number}.txt").read_text(encoding="utf-8")


def png_file(name: str, size=(480, 300), colour=(70, 110, 160)) -> ContentFile:
    """A small real PNG (a flat colour with a lighter band), as an upload would bring."""
    image = Image.new("RGB", size, colour)
    band = Image.new("RGB", (size[0], size[1] // 3), tuple(min(255, c + 90) for c in colour))
    image.paste(band, (0, size[1] // 3))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return ContentFile(buffer.getvalue(), name=name)


def raw_html_fields(lab) -> list[str]:
    """``Model.field = value`` of every stored text of the lab that holds an HTML tag
    (rendered ``*_html`` columns excepted: they are the product's output)."""
    found = []
    for model in TEXT_MODELS:
        names = [
            field.name for field in model._meta.get_fields()
            if isinstance(field, models.CharField | models.TextField)
            and not field.name.endswith("_html")
        ]  # fmt: skip
        for values in model.objects.for_lab(lab).values(*names):
            for name, value in values.items():
                if value and TAG.search(value):
                    found.append(f"{model.__name__}.{name} = {value[:80]!r}")
    return found


def section_bodies(page: str) -> dict[str, str]:
    """anchor → the HTML inside each composed ``<section>`` of a page."""
    return dict(
        re.findall(r'<section class="page-section [^"]*" id="([^"]+)"[^>]*>(.*?)</section>',
                   page, re.S)
    )  # fmt: skip


def text_of(fragment: str) -> str:
    """The visible text of an HTML fragment, spaces folded (for comparing with the seed)."""
    spaced = re.sub(r"<(br|/p|/li|/div|/h\d)\b[^>]*>", " ", fragment)
    without_tags = re.sub(r"<[^>]+>", "", spaced)
    return re.sub(r"\s+", " ", html_lib.unescape(without_tags)).strip()


def items(fragment: str, css_class: str) -> list[str]:
    """The HTML of each ``<li class="css_class …">`` of a fragment (not nested lists)."""
    return re.findall(rf'<li class="{css_class}[^"]*"[^>]*>(.*?)</li>', fragment, re.S)


def hrefs(fragment: str) -> list[str]:
    return [html_lib.unescape(href) for href in re.findall(r'href="([^"]+)"', fragment)]


def render(seed, path: str | None = None) -> str:
    """The page through the real view, on the seed lab's host."""
    from django.test import Client

    response = Client(HTTP_HOST=seed.host).get(path or seed.path)
    assert response.status_code == 200, (response.status_code, path or seed.path)
    return response.content.decode()


def queries_at_two_sizes(seed, add_items, path: str | None = None) -> tuple[int, int]:
    """Cold-page queries of the seed, then of the same page with every list doubled."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from labsite.cache import forget_lab_memos

    render(seed, path)  # per-process memos (the host's) are not the page's to count
    counts = []
    for copy in (None, 2):
        if copy:
            add_items(seed, copy=copy)
        cache.clear()
        forget_lab_memos()  # a lab's settings, read again after add_items changed the lab
        with CaptureQueriesContext(connection) as queries:
            render(seed, path)
        counts.append(len(queries))
    return counts[0], counts[1]
