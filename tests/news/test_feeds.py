import datetime
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import timezone

from labsite.models import Domain
from tests.factories import make_news, make_person, make_publication

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
TODAY = timezone.localdate()


def parse_feed(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own output)
    assert root.tag == f"{ATOM}feed"
    entries = []
    for entry in root.findall(f"{ATOM}entry"):
        entries.append(
            {
                "title": entry.findtext(f"{ATOM}title"),
                "id": entry.findtext(f"{ATOM}id"),
                "link": entry.find(f"{ATOM}link[@rel='alternate']").get("href"),
                "summary": entry.findtext(f"{ATOM}summary"),
                "summary_type": entry.find(f"{ATOM}summary").get("type"),
                "published": entry.findtext(f"{ATOM}published"),
                "updated": entry.findtext(f"{ATOM}updated"),
                "author": entry.findtext(f"{ATOM}author/{ATOM}name"),
            }
        )
    return root, entries


def test_lab_feed_is_valid_atom_with_absolute_links_on_the_requested_host(client_a, lab_a):
    lena = make_person(lab=lab_a, full_name="Lena Fischer")
    make_news(
        lab=lab_a, slug="accepted", title="Paper accepted", body="Our paper **Tidal** 🎉",
        date=datetime.date(2025, 9, 12),
    )  # fmt: skip
    make_news(lab=lab_a, slug="talk", body="Lena gave a talk.", person=lena,
              date=datetime.date(2025, 6, 2))  # fmt: skip
    root, entries = parse_feed(client_a.get("/news/feed/"))

    assert root.findtext(f"{ATOM}title") == "Alpha Systems Lab: news"
    assert root.find(f"{ATOM}link[@rel='alternate']").get("href") == "http://a.example.org/news/"
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == "http://a.example.org/news/feed/"
    assert root.findtext(f"{ATOM}updated")
    assert [e["title"] for e in entries] == ["Paper accepted", "Lena gave a talk."]
    assert [e["link"] for e in entries] == [
        "http://a.example.org/news/accepted/",
        "http://a.example.org/news/talk/",
    ]
    assert entries[0]["summary_type"] == "html"
    assert entries[0]["summary"] == "<p>Our paper <strong>Tidal</strong> 🎉</p>"
    assert entries[0]["published"].startswith("2025-09-12T00:00:00")
    assert entries[0]["author"] == "Alpha Systems Lab"
    assert entries[1]["author"] == "Lena Fischer"
    # Ids: stable tag URIs on the lab's primary host, unique per entry.
    ids = [e["id"] for e in entries]
    assert len(set(ids)) == 2
    assert all(i.startswith("tag:a.example.org,") for i in ids)
    assert root.findtext(f"{ATOM}id").startswith("tag:a.example.org,")


def test_feed_links_follow_the_host_asked_while_ids_stay_stable(lab_a):
    Domain.objects.create(lab=lab_a, host="alpha.example.edu")
    make_news(lab=lab_a, slug="n1", title="Hello")
    _, via_first = parse_feed(Client(HTTP_HOST="a.example.org").get("/news/feed/"))
    _, via_second = parse_feed(Client(HTTP_HOST="alpha.example.edu").get("/news/feed/"))
    assert urlsplit(via_first[0]["link"]).netloc == "a.example.org"
    assert urlsplit(via_second[0]["link"]).netloc == "alpha.example.edu"
    assert via_first[0]["id"] == via_second[0]["id"]


def test_feed_is_by_date_and_leaves_out_drafts_and_future_items(client_a, lab_a):
    make_news(lab=lab_a, slug="pinned", title="Pinned", pinned=True, date=TODAY.replace(year=2020))
    make_news(lab=lab_a, slug="today", title="Today", date=TODAY)
    make_news(lab=lab_a, slug="draft", title="Draft", status="draft")
    make_news(lab=lab_a, slug="future", title="Future", date=TODAY + datetime.timedelta(days=3))
    _, entries = parse_feed(client_a.get("/news/feed/"))
    assert [e["title"] for e in entries] == ["Today", "Pinned"]


def test_member_feed_has_their_items_and_lab_items_about_their_papers(client_a, lab_a):
    lena = make_person(lab=lab_a, full_name="Lena Fischer", slug="lena")
    omar = make_person(lab=lab_a, full_name="Omar Haddad", slug="omar")
    lenas_paper = make_publication(lab=lab_a, authors=[("Lena Fischer", lena), "Someone Else"])
    omars_paper = make_publication(lab=lab_a, authors=[("Omar Haddad", omar)])
    make_news(lab=lab_a, slug="own", title="Lena's own", person=lena, date=TODAY)
    make_news(lab=lab_a, slug="lab-about-paper", title="Lab news on Lena's paper",
              publication=lenas_paper, date=TODAY - datetime.timedelta(days=1))  # fmt: skip
    make_news(lab=lab_a, slug="omar", title="Omar's", person=omar, publication=lenas_paper)
    make_news(lab=lab_a, slug="other-paper", title="Other paper", publication=omars_paper)
    make_news(lab=lab_a, slug="lab", title="Plain lab news")
    make_news(lab=lab_a, slug="lena-draft", title="Lena draft", person=lena, status="draft")

    root, entries = parse_feed(client_a.get("/people/lena/feed/"))
    assert root.findtext(f"{ATOM}title") == "Lena Fischer: news"
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == (
        "http://a.example.org/people/lena/feed/"
    )
    assert [e["title"] for e in entries] == ["Lena's own", "Lab news on Lena's paper"]
    assert all(urlsplit(e["link"]).netloc == "a.example.org" for e in entries)
    # Each member's feed has an id of its own, distinct from the lab's.
    lab_root, _ = parse_feed(client_a.get("/news/feed/"))
    assert root.findtext(f"{ATOM}id") != lab_root.findtext(f"{ATOM}id")


def test_member_feed_of_unknown_or_hidden_member_is_404(client_a, lab_a):
    make_person(lab=lab_a, slug="hidden", homepage_enabled=False)
    assert client_a.get("/people/nobody/feed/").status_code == 404
    assert client_a.get("/people/hidden/feed/").status_code == 404


def test_feeds_never_show_another_labs_news(client_a, client_b, lab_a, lab_b):
    make_news(lab=lab_a, slug="a", title="Alpha news")
    beta_member = make_person(lab=lab_b, slug="bea", full_name="Bea")
    make_news(lab=lab_b, slug="b", title="Beta news", person=beta_member)
    _, entries = parse_feed(client_a.get("/news/feed/"))
    assert [e["title"] for e in entries] == ["Alpha news"]
    # Lab B's member does not exist on lab A's host, and their feed stays on B.
    assert client_a.get("/people/bea/feed/").status_code == 404
    _, entries_b = parse_feed(client_b.get("/people/bea/feed/"))
    assert [e["title"] for e in entries_b] == ["Beta news"]
    assert all(urlsplit(e["link"]).netloc == "b.example.org" for e in entries_b)


def test_member_feed_ignores_another_labs_item_on_a_shared_paper_slug(client_a, lab_a, lab_b):
    lena = make_person(lab=lab_a, slug="lena")
    paper_a = make_publication(lab=lab_a, slug="same", authors=[("Lena", lena)])
    paper_b = make_publication(lab=lab_b, slug="same")
    make_news(lab=lab_a, slug="a", title="Alpha on paper", publication=paper_a)
    make_news(lab=lab_b, slug="b", title="Beta on paper", publication=paper_b)
    _, entries = parse_feed(client_a.get("/people/lena/feed/"))
    assert [e["title"] for e in entries] == ["Alpha on paper"]


def test_feed_runs_a_fixed_number_of_queries(client_a, lab_a, no_page_cache):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    lena = make_person(lab=lab_a, slug="lena")
    counts = []
    for size in (2, 20):
        for _ in range(size):
            make_news(lab=lab_a, person=lena, title="x")
        client_a.get("/news/feed/")  # warm the host cache after the writes
        for url in ("/news/feed/", "/people/lena/feed/"):
            with CaptureQueriesContext(connection) as queries:
                client_a.get(url)
            counts.append((url, len(queries)))
    assert counts[:2] == counts[2:]
    assert max(count for _, count in counts) <= 3
