"""SEO basics: title, description, canonical URL on the lab's primary host, OpenGraph, and a
per-lab sitemap.xml that never lists another lab's pages."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from labsite.models import Domain
from labsite.sitemaps import sitemap_classes
from tests.factories import make_news, make_person, make_publication

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def meta(page: str, attribute: str, name: str) -> str | None:
    for tag in re.findall(r"<meta [^>]*>", page):
        if f'{attribute}="{name}"' in tag:
            return re.search(r'content="([^"]*)"', tag).group(1)
    return None


def canonical(page: str) -> str | None:
    match = re.search(r'<link rel="canonical" href="([^"]*)">', page)
    return match.group(1) if match else None


def sitemap_locations(response) -> list[str]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314  (our own response)
    return [loc.text for loc in root.findall("s:url/s:loc", SITEMAP_NS)]


@pytest.fixture
def content(lab_a):
    person = make_person(lab=lab_a, full_name="Ada Moreau", slug="ada")
    make_person(lab=lab_a, full_name="No Page", slug="no-page", homepage_enabled=False)
    paper = make_publication(lab=lab_a, title="Tidal", slug="tidal", authors=[("Ada", person)])
    make_news(lab=lab_a, title="Accepted", slug="accepted", body="Our paper was accepted.")
    make_news(lab=lab_a, title="Secret", slug="draft", body="Not yet.", status="draft")
    make_news(
        lab=lab_a,
        title="Tomorrow",
        slug="future",
        body="Later.",
        date=datetime.date.today() + datetime.timedelta(days=30),
    )
    return person, paper


MAIN_PAGES = [
    "/",
    "/people/",
    "/people/ada/",
    "/publications/",
    "/publications/tidal/",
    "/news/",
    "/news/accepted/",
    "/awards/",
]


@pytest.mark.parametrize("path", MAIN_PAGES)
def test_every_main_page_has_title_description_canonical_and_opengraph(client_a, content, path):
    response = client_a.get(path)
    assert response.status_code == 200, path
    page = response.content.decode()
    title = re.search(r"<title>([^<]+)</title>", page).group(1).strip()
    assert title and "Alpha Systems Lab" in title
    assert (meta(page, "name", "description") or "").strip()
    assert canonical(page) == f"http://a.example.org{path}"
    assert meta(page, "property", "og:url") == f"http://a.example.org{path}"
    assert (meta(page, "property", "og:title") or "").strip()
    assert meta(page, "property", "og:type") in {"website", "article", "profile"}
    assert meta(page, "property", "og:site_name") == "Alpha Systems Lab"
    assert page.count("<h1") == 1, "one h1 per page"


def test_canonical_points_at_the_primary_host_from_any_other_host(client_a, lab_a, content):
    Domain.objects.create(lab=lab_a, host="old-name.example.org")
    page = Client(HTTP_HOST="old-name.example.org").get("/people/ada/").content.decode()
    assert canonical(page) == "http://a.example.org/people/ada/"
    assert meta(page, "property", "og:url") == "http://a.example.org/people/ada/"
    # The primary host is configurable.
    Domain.objects.filter(host="a.example.org").update(is_primary=False)
    Domain.objects.filter(host="old-name.example.org").update(is_primary=True)
    from labsite.cache import bump_content_version

    bump_content_version(lab_a.pk)
    page = client_a.get("/people/ada/").content.decode()
    assert canonical(page) == "http://old-name.example.org/people/ada/"


def test_a_development_servers_port_stays_in_canonical_links_and_the_sitemap(lab_a, content):
    # `make run` prints http://127.0.0.1:8000 while the demo lab's primary host is
    # localhost: links on the primary host must name the port that is actually served.
    Domain.objects.create(lab=lab_a, host="127.0.0.1")
    visitor = Client(HTTP_HOST="127.0.0.1:8000")
    page = visitor.get("/people/ada/").content.decode()
    assert canonical(page) == "http://a.example.org:8000/people/ada/"
    assert meta(page, "property", "og:url") == "http://a.example.org:8000/people/ada/"
    locations = sitemap_locations(visitor.get("/sitemap.xml"))
    assert "http://a.example.org:8000/people/ada/" in locations
    assert all(loc.startswith("http://a.example.org:8000/") for loc in locations)
    # Without a port in the Host (production, behind the proxy) none is added.
    page = Client(HTTP_HOST="127.0.0.1").get("/people/ada/").content.decode()
    assert canonical(page) == "http://a.example.org/people/ada/"


def test_canonical_drops_the_query_string(client_a, content):
    page = client_a.get("/publications/?year=2024&utm_source=x").content.decode()
    assert canonical(page) == "http://a.example.org/publications/"


def test_sitemap_lists_this_labs_people_papers_and_published_news_only(
    client_a, content, lab_b
):
    other = make_person(lab=lab_b, full_name="Bob Other", slug="bob")
    make_publication(lab=lab_b, title="Beta paper", slug="beta-paper", authors=[("B", other)])
    make_news(lab=lab_b, title="Beta news", slug="beta-news", body="Beta.")

    locations = sitemap_locations(client_a.get("/sitemap.xml"))
    base = "http://a.example.org"
    for path in ["/", "/people/", "/people/ada/", "/publications/", "/publications/tidal/",
                 "/news/", "/news/accepted/", "/awards/"]:
        assert f"{base}{path}" in locations, path
    assert all(location.startswith(base + "/") for location in locations)
    joined = "\n".join(locations)
    for absent in ("no-page", "/news/draft/", "/news/future/", "bob", "beta-paper", "beta-news"):
        assert absent not in joined, absent
    assert len(locations) == len(set(locations))

    # And lab B's sitemap is the mirror image.
    other_locations = "\n".join(sitemap_locations(Client(HTTP_HOST="b.example.org").get(
        "/sitemap.xml")))
    assert "/people/bob/" in other_locations and "/publications/beta-paper/" in other_locations
    assert "/people/ada/" not in other_locations and "tidal" not in other_locations


def test_sitemap_urls_use_the_primary_host(client_a, lab_a, content):
    Domain.objects.create(lab=lab_a, host="mirror.example.org")
    locations = sitemap_locations(Client(HTTP_HOST="mirror.example.org").get("/sitemap.xml"))
    assert locations and all(loc.startswith("http://a.example.org/") for loc in locations)


def test_sitemap_carries_lastmod_of_papers_and_people(client_a, content):
    root = ET.fromstring(client_a.get("/sitemap.xml").content)  # noqa: S314
    by_location = {
        url.find("s:loc", SITEMAP_NS).text: url.find("s:lastmod", SITEMAP_NS)
        for url in root.findall("s:url", SITEMAP_NS)
    }
    assert by_location["http://a.example.org/publications/tidal/"] is not None
    assert by_location["http://a.example.org/people/ada/"] is not None


def test_sitemap_query_count_does_not_grow_with_content(
    client_a, lab_a, no_page_cache, django_assert_max_num_queries
):
    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client_a.get("/sitemap.xml").status_code == 200
        return len(queries)

    person = make_person(lab=lab_a, slug="p0")
    make_publication(lab=lab_a, slug="x0", authors=[("A", person)])
    small = count_queries()
    for n in range(1, 40):
        person = make_person(lab=lab_a, slug=f"p{n}")
        make_publication(lab=lab_a, slug=f"x{n}", authors=[("A", person)])
        make_news(lab=lab_a, title=f"News {n}", slug=f"n{n}")
    with django_assert_max_num_queries(small):
        assert client_a.get("/sitemap.xml").status_code == 200


def test_no_sitemap_on_an_unknown_host(lab_a, lab_b):
    assert Client(HTTP_HOST="nobody.example.org").get("/sitemap.xml").status_code == 404


def test_sitemap_modules_of_every_app_are_discovered():
    names = set(sitemap_classes())
    assert {"home", "people", "homepages", "publications", "papers"} <= names
    # news/sitemaps.py declares no SITEMAPS dict: its Sitemap classes are found all the same.
    assert any(name.startswith("news-") or name == "news" for name in names)


def test_robots_txt_and_sitemap_agree(client_a, content):
    robots = client_a.get("/robots.txt").content.decode()
    assert "Sitemap: http://a.example.org/sitemap.xml" in robots
    assert client_a.get("/sitemap.xml").status_code == 200


def test_opengraph_image_is_absolute_when_the_lab_has_a_logo(client_a, lab_a, media_root):
    from tests.people.imagedata import png_bytes, upload

    lab_a.logo = upload("logo.png", png_bytes(64, 64), "image/png")
    lab_a.save()
    image = meta(client_a.get("/").content.decode(), "property", "og:image")
    assert image.startswith(f"http://a.example.org/media/labs/{lab_a.slug}/branding/logo-")
