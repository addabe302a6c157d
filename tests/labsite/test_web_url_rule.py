"""One rule for which stored addresses become web links (labsite.links.is_web_url): member
links and paper links agree, also for rows written around validation (imports, bulk)."""

import pytest

from people.models import PersonLink
from publications.models import PublicationLink
from tests.factories import make_person, make_publication

pytestmark = pytest.mark.django_db

SHOWN = ["https://example.org/a", "HTTP://example.org/b"]
HIDDEN = [
    "http:example.org/c",  # no "//": the old member-link check took it, the paper list not
    " javascript:alert(1)",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "//example.org/d",
    "ftp://example.org/e",
]


def test_member_links_and_paper_links_show_the_same_addresses(client_a, lab_a, lab_b):
    person = make_person(lab=lab_a)
    paper = make_publication(lab=lab_a, title="Links", slug="links")
    other_lab_paper = make_publication(lab=lab_b, title="Elsewhere", slug="elsewhere")
    for order, url in enumerate(SHOWN + HIDDEN):
        # bulk_create: written around validation, as an import may.
        PersonLink.objects.bulk_create([PersonLink(lab=lab_a, person=person, url=url)])
        PublicationLink.objects.bulk_create(
            [PublicationLink(lab=lab_a, publication=paper, url=url, kind="code", order=order)]
        )
    PublicationLink.objects.create(
        lab=lab_b, publication=other_lab_paper, url="https://example.org/lab-b-only"
    )

    member_shown = [link.url for link in person.links.all() if link.safe_url]
    assert member_shown == SHOWN

    page = client_a.get("/publications/").content.decode()
    for url in SHOWN:
        assert f'href="{url}"' in page
    for url in HIDDEN:
        assert f'href="{url}"' not in page and f"href=\"{url.strip()}\"" not in page
    assert "lab-b-only" not in page and "Elsewhere" not in page  # another lab's: never
