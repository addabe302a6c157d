"""``exportsite``: one host of a lab as a folder any static host serves; links, feeds and
sitemap rewritten for where it is served, static files and only this lab's media copied."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from PIL import Image

from people.models import Person
from publications.models import Publication
from publishing.export_links import LinkMap, rewrite_css, rewrite_html
from tests.factories import make_person, make_publication

pytestmark = pytest.mark.django_db

BASE = "https://user.github.io/site/"


def png(path: Path, color=(200, 30, 30)) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), color).save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())


@pytest.fixture
def two_labs(lab_a, lab_b, lab_a_content):
    """Lab A (Ada with a photo, a paper with a thumbnail) and lab B, which co-authored the
    same paper and has its own photo and thumbnail of it."""
    media = Path(settings.MEDIA_ROOT)
    png(media / "labs/lab-a/people/ada.png")
    png(media / "labs/lab-a/people/ada-160.png")
    png(media / "labs/lab-a/thumbnails/sparse.png")
    Person.objects.for_lab(lab_a).filter(slug="ada").update(
        photo="labs/lab-a/people/ada.png", photo_sizes={"160": "labs/lab-a/people/ada-160.png"})
    Publication.objects.for_lab(lab_a).filter(slug="sparse-alpha").update(
        thumbnail="labs/lab-a/thumbnails/sparse.png")
    bea = make_person(lab=lab_b, full_name="Bea Okafor", slug="bea")
    make_publication(lab=lab_b, title="Sparse Attention for Alpha Workloads",
                     slug="sparse-alpha", authors=["Ada Moreau", ("Bea Okafor", bea)])
    png(media / "labs/lab-b/people/bea.png", (0, 0, 200))
    png(media / "labs/lab-b/thumbnails/sparse-b.png", (0, 0, 200))
    Person.objects.for_lab(lab_b).filter(slug="bea").update(photo="labs/lab-b/people/bea.png")
    Publication.objects.for_lab(lab_b).filter(slug="sparse-alpha").update(
        thumbnail="labs/lab-b/thumbnails/sparse-b.png")
    return lab_a


def export(tmp_path, *extra, name="out"):
    out = io.StringIO()
    err = io.StringIO()
    call_command("exportsite", "lab-a", "-o", str(tmp_path / name), *extra, stdout=out,
                 stderr=err)
    return tmp_path / name, out.getvalue(), err.getvalue()


def all_bytes(folder: Path) -> bytes:
    return b"\n".join(path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file())


def test_relative_export_has_every_page_the_static_files_and_only_this_labs_media(
        two_labs, tmp_path):
    folder, out, _ = export(tmp_path)
    files = {str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file()}
    assert {
        "index.html", "people/index.html", "people/ada/index.html", "people/ada/feed/index.atom",
        "publications/index.html", "publications/sparse-alpha/index.html", "publications.bib",
        "news/index.html", "news/feed/index.atom", "news/alpha-prize/index.html",
        "awards/index.html", "robots.txt", "sitemap.xml", "404.html", ".nojekyll",
        "static/labsite/site.css", "static/labsite/icons.svg",
        "media/labs/lab-a/people/ada-160.png", "media/labs/lab-a/thumbnails/sparse.png",
    } <= files
    assert "CNAME" not in files
    assert not any(name.startswith("media/") and "/lab-a/" not in name for name in files)
    page = (folder / "people/ada/index.html").read_text()
    # Relative to the page's own file, with index.html spelled out (file:// needs it).
    assert 'href="../../static/labsite/site.css"' in page
    assert 'href="../../publications/index.html"' in page
    assert 'src="../../media/labs/lab-a/people/ada-160.png"' in page
    assert 'href="/' not in page and 'src="/' not in page
    # The canonical address stays the host's: a relative export has no address of its own.
    assert '<link rel="canonical" href="http://a.example.org/people/ada/">' in page
    paper = (folder / "publications/sparse-alpha/index.html").read_text()
    assert "../../media/labs/lab-a/thumbnails/sparse.png" in paper
    everything = all_bytes(folder)
    for other in (b"Bea Okafor", b"lab-b", b"b.example.org", b"Beta Vision Group"):
        assert other not in everything
    assert "lab-a: 14 pages and" in out


def test_base_url_export_names_every_page_feed_and_sitemap_entry_under_the_base_url(
        two_labs, tmp_path):
    folder, _, _ = export(tmp_path, "--base-url", BASE)
    page = (folder / "people/ada/index.html").read_text()
    assert f'href="{BASE}static/labsite/site.css"' in page
    assert f'href="{BASE}publications/"' in page
    assert f'<link rel="canonical" href="{BASE}people/ada/">' in page
    assert f'<meta property="og:url" content="{BASE}people/ada/">' in page
    assert f'"url": "{BASE}people/ada/"' in page  # JSON-LD too
    assert "a.example.org" not in page
    assert f'href="{BASE}news/feed/index.atom"' in (folder / "index.html").read_text()
    sitemap = (folder / "sitemap.xml").read_text()
    locations = sitemap.split("<loc>")[1:]
    assert len(locations) == 8
    assert all(location.startswith(BASE) for location in locations)
    assert f"Sitemap: {BASE}sitemap.xml" in (folder / "robots.txt").read_text()
    feed = (folder / "news/feed/index.atom").read_text()
    assert f'<link href="{BASE}news/alpha-prize/" rel="alternate"/>' in feed
    assert f'<link href="{BASE}news/feed/index.atom" rel="self"/>' in feed
    html = b"\n".join(path.read_bytes() for path in folder.rglob("*.html"))
    assert b'href="/' not in html and b'src="/' not in html
    assert b'href="http://a.example.org' not in html
    not_found = (folder / "404.html").read_text()  # served at any depth: absolute links
    assert f'href="{BASE}static/labsite/site.css"' in not_found
    assert not (folder / "CNAME").exists()


def test_cname_is_written_for_the_lab_host_as_base_url_or_when_asked(two_labs, tmp_path):
    folder, _, _ = export(tmp_path, "--base-url", "http://a.example.org", name="own")
    assert (folder / "CNAME").read_text() == "a.example.org\n"
    folder, _, _ = export(tmp_path, "--base-url", BASE, "--cname", "lab.example.edu",
                          name="asked")
    assert (folder / "CNAME").read_text() == "lab.example.edu\n"


def test_another_labs_media_is_left_out_even_when_a_page_names_it(two_labs, lab_a, tmp_path):
    # A row pointing into lab B's folder (legacy data): named, never copied.
    Publication.objects.for_lab(lab_a).filter(slug="sparse-alpha").update(
        thumbnail="labs/lab-b/thumbnails/sparse-b.png")
    folder, _, err = export(tmp_path)
    assert "left out (not this lab's media): /media/labs/lab-b/thumbnails/sparse-b.png" in err
    assert not (folder / "media/labs/lab-b").exists()


def test_a_non_empty_folder_is_refused_unless_forced_and_then_replaced_whole(
        lab_a_content, tmp_path):
    target = tmp_path / "out"
    target.mkdir()
    (target / "keep.txt").write_text("mine")
    with pytest.raises(CommandError, match="is not empty: give --force"):
        export(tmp_path)
    assert (target / "keep.txt").read_text() == "mine"
    export(tmp_path, "--force")
    assert not (target / "keep.txt").exists() and (target / "index.html").is_file()
    assert [path.name for path in tmp_path.iterdir()] == ["out"]  # no build left over


def test_a_failed_export_leaves_the_folder_as_it_was(lab_a_content, tmp_path, settings):
    export(tmp_path)
    before = all_bytes(tmp_path / "out")
    settings.LABSITE_PUBLISH_MAX_PAGES = 3
    with pytest.raises(CommandError, match="more than 3 pages to export"):
        export(tmp_path, "--force")
    assert all_bytes(tmp_path / "out") == before
    assert [path.name for path in tmp_path.iterdir()] == ["out"]
    settings.LABSITE_PUBLISH_MAX_PAGES = 1000
    settings.LABSITE_EXPORT_MAX_BYTES = 1000
    with pytest.raises(CommandError, match="LABSITE_EXPORT_MAX_BYTES"):
        export(tmp_path, "--force")
    assert all_bytes(tmp_path / "out") == before


@pytest.mark.parametrize(("args", "message"), [
    (["--host", "b.example.org"], "'b.example.org' is not a host of lab 'lab-a'"),
    (["--host", "ada.example.net"], "is not a host of lab 'lab-a'; its hosts: a.example.org"),
    (["--base-url", "ftp://x/"], "is not an http(s) address"),
    (["--base-url", "https://x/?q=1"], "is not an http(s) address"),
    (["--cname", "../etc"], "Refusing host"),
])
def test_bad_options_get_a_clear_message_and_write_nothing(lab_a_content, lab_b, tmp_path,
                                                          args, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")
                       .replace("?", r"\?")):
        export(tmp_path, *args)
    assert list(tmp_path.iterdir()) == []


def test_the_root_folder_is_refused(lab_a_content):
    with pytest.raises(CommandError, match="is not a folder name to export into"):
        call_command("exportsite", "lab-a", "-o", "/")


def test_an_unknown_lab_is_named():
    with pytest.raises(CommandError, match='No lab "nope"'):
        call_command("exportsite", "nope", "-o", "/nonexistent/out")


def test_html_rewrite_changes_only_the_tags_with_links_and_css_urls_are_collected():
    links = LinkMap(host="a.example.org", base_url="")
    links.files = {"/": "index.html", "/people/": "people/index.html"}
    page = ('<!doctype html>\u2028\r\n<p class=x>caf&eacute; <a href="/people/">Team</a>'
            '<img srcset="/media/labs/lab-a/a.png 1x, /media/labs/lab-a/b.png 2x" alt="A &amp; B">'
            '<a href="https://elsewhere.org/x">out</a><a href="#top">up</a>'
            "<a href='http://A.EXAMPLE.ORG/?x=1#f'>home</a></p>")
    rewritten = rewrite_html(page.encode(), links, page_path="/news/alpha/",
                             page_file="news/alpha/index.html").decode()
    assert rewritten == (
        '<!doctype html>\u2028\r\n<p class=x>caf&eacute; <a href="../../people/index.html">Team</a>'
        '<img srcset="../../media/labs/lab-a/a.png 1x, ../../media/labs/lab-a/b.png 2x" '
        'alt="A &amp; B">'
        '<a href="https://elsewhere.org/x">out</a><a href="#top">up</a>'
        '<a href="../../index.html?x=1#f">home</a></p>')
    css = rewrite_css(b'a{background:url("../img/x.svg")} b{background:url(data:x)}', links,
                      css_path="/static/labsite/site.css")
    assert css == b'a{background:url("../img/x.svg")} b{background:url(data:x)}'
    assert links.assets == {"/media/labs/lab-a/a.png", "/media/labs/lab-a/b.png",
                            "/static/img/x.svg"}
    based = LinkMap(host="a.example.org", base_url=BASE)
    assert rewrite_css(b"i{mask:url(/static/labsite/icons.svg#i)}", based,
                       css_path="/static/labsite/site.css") == \
        f"i{{mask:url({BASE}static/labsite/icons.svg#i)}}".encode()
