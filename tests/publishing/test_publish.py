"""``publish``: a lab's public pages as files, the same bytes the app serves, swapped in
whole; tenancy and path safety of what it writes."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from labsite.csp import HEADER as CSP_HEADER
from labsite.csp import nonce_in_policy
from labsite.models import Domain, Lab
from publishing import services
from publishing.paths import CONTENT_TYPES, PublishError
from publishing.render import needs_nonce
from publishing.services import publish_lab
from tests.factories import make_person, make_publication
from tests.publishing.faults import crash_on_render

pytestmark = pytest.mark.django_db


def published_files(root: Path) -> dict[str, bytes]:
    """Every file a static server would see, by ``host/path``, following the host links."""
    files = {}
    for host_link in root.iterdir():
        if host_link.name.startswith("."):
            continue
        for path in host_link.rglob("*"):
            if path.is_file():
                files[f"{host_link.name}/{path.relative_to(host_link)}"] = path.read_bytes()
    return files


def dynamic(host: str, path: str, status: int = 200):
    response = Client(HTTP_HOST=host).get(path)
    assert response.status_code == status, (host, path, response.status_code)
    return response


def url_of(file_key: str) -> tuple[str, str]:
    host, _, relative = file_key.partition("/")
    if relative == "404.html":
        return host, "/.published-404/"
    name = relative.rsplit("/", 1)[-1]
    if name.startswith("index."):
        return host, "/" + relative[: -len(name)]
    return host, "/" + relative


def test_publish_writes_every_page_of_the_lab_and_each_member_domain(publish_root, lab_a_content,
                                                                    capsys):
    call_command("publish", "lab-a")
    out = capsys.readouterr().out
    files = published_files(publish_root)
    assert {
        "a.example.org/index.html",
        "a.example.org/people/index.html",
        "a.example.org/people/ada/index.html",
        "a.example.org/people/ada/feed/index.atom",
        "a.example.org/publications/index.html",
        "a.example.org/publications/sparse-alpha/index.html",
        "a.example.org/publications.bib",
        "a.example.org/news/index.html",
        "a.example.org/news/feed/index.atom",
        "a.example.org/news/alpha-prize/index.html",
        "a.example.org/awards/index.html",
        "a.example.org/robots.txt",
        "a.example.org/sitemap.xml",
        "a.example.org/404.html",
        "ada.example.net/index.html",
        "ada.example.net/robots.txt",
    } <= set(files)
    assert sorted(path.name for path in publish_root.iterdir() if not path.name.startswith(".")) \
        == ["a.example.org", "ada.example.net"]
    assert b"Sparse Attention for Alpha Workloads" in files[
        "a.example.org/publications/sparse-alpha/index.html"]
    assert b"<h1>Ada Moreau</h1>" in files["ada.example.net/index.html"]
    assert b"Alpha wins a prize" in files["a.example.org/news/feed/index.atom"]
    total = sum(len(body) for body in files.values())
    assert f"lab-a: {len(files)} files, {total:,} bytes in " in out


def test_published_bytes_are_what_the_app_serves_without_the_nonce(publish_root, lab_a_content):
    publish_lab(lab=lab_a_content.lab)
    files = published_files(publish_root)
    with_nonce = 0
    for key, body in files.items():
        host, path = url_of(key)
        response = dynamic(host, path, 404 if key.endswith("/404.html") else 200)
        extension = key.rsplit(".", 1)[-1]
        assert response["Content-Type"] == CONTENT_TYPES[extension], key
        nonce = nonce_in_policy(response.get(CSP_HEADER, ""))
        served = response.content
        if nonce and f'nonce="{nonce}"'.encode() in served:
            with_nonce += 1
            served = served.replace(f' nonce="{nonce}"'.encode(), b"")
        assert body == served, key
        assert b"nonce=" not in body, key
    assert with_nonce >= 3  # home, the person's and the paper's JSON-LD


def test_published_pages_need_no_nonce_and_inline_code_is_refused():
    assert needs_nonce(b'<script type="application/ld+json">{"a": 1}</script>') is None
    assert needs_nonce(b'<script src="/static/site.js" defer></script>') is None
    assert needs_nonce(b"<script>alert(1)</script>") == "an inline <script>"
    assert needs_nonce(b"<style>p{}</style>") == "a <style> element"


def test_a_second_publish_swaps_the_whole_tree_and_leaves_one_build(publish_root, lab_a_content):
    publish_lab(lab=lab_a_content.lab)
    make_publication(lab=lab_a_content.lab, title="A Second Alpha Paper", slug="second")
    publish_lab(lab=lab_a_content.lab)
    files = published_files(publish_root)
    assert b"A Second Alpha Paper" in files["a.example.org/publications/index.html"]
    assert "a.example.org/publications/second/index.html" in files
    builds = list((publish_root / ".builds" / f"lab-{lab_a_content.lab.pk}").iterdir())
    assert len(builds) == 1
    assert (publish_root / "a.example.org").resolve().parent == builds[0]


def test_a_publish_that_fails_halfway_leaves_the_published_tree_as_it_was(
        publish_root, lab_a_content, monkeypatch):
    publish_lab(lab=lab_a_content.lab)
    before = published_files(publish_root)
    make_publication(lab=lab_a_content.lab, title="Never Half Published", slug="half")
    crash_on_render(monkeypatch, at=8)
    with pytest.raises(PublishError):
        publish_lab(lab=lab_a_content.lab)
    assert published_files(publish_root) == before
    assert len(list((publish_root / ".builds" / f"lab-{lab_a_content.lab.pk}").iterdir())) == 1


def test_an_unexpected_status_stops_the_publish_with_a_message(publish_root, lab_a_content,
                                                              settings):
    settings.ALLOWED_HOSTS = ["b.example.org"]  # a.example.org now answers 400
    with pytest.raises(CommandError, match=r"a\.example\.org/sitemap\.xml answered 400"):
        call_command("publish", "lab-a")
    assert not [p for p in publish_root.iterdir() if not p.name.startswith(".")]


def test_publishing_is_off_without_a_root(settings, lab_a):
    settings.LABSITE_PUBLISH_ROOT = ""
    with pytest.raises(CommandError, match="Publishing is off: set LABSITE_PUBLISH_ROOT"):
        call_command("publish", "lab-a")


# --- tenancy --------------------------------------------------------------------------------


def test_a_labs_publish_holds_nothing_of_another_lab_sharing_a_paper(publish_root, lab_a_content,
                                                                    lab_b):
    lab_a = lab_a_content.lab
    cleo = make_person(lab=lab_b, full_name="Cleo Vance", slug="cleo")
    shared = {"title": "Co-Authored Benchmarks for Vision", "doi": "10.1000/shared.1"}
    make_publication(lab=lab_a, slug="shared", authors=[("Ada Moreau", lab_a_content),
                                                        "Cleo Vance"], **shared)
    make_publication(lab=lab_b, slug="shared", authors=["Ada Moreau", ("Cleo Vance", cleo)],
                     **shared)
    call_command("publish", "lab-b")
    files = published_files(publish_root)
    assert files and all(key.startswith("b.example.org/") for key in files)
    assert b"Co-Authored Benchmarks for Vision" in files["b.example.org/publications/index.html"]
    everything = b"\n".join(files.values())
    for of_lab_a in (b"Alpha Systems Lab", b"Sparse Attention for Alpha Workloads",
                     b"Alpha wins a prize", b"a.example.org", b"ada.example.net",
                     b"/people/ada/"):
        assert of_lab_a not in everything, of_lab_a
    # Every file of the root is lab B's: its host link and its own builds.
    written = {p.relative_to(publish_root).parts[:3] for p in publish_root.rglob("*")}
    assert {parts[0] for parts in written} == {"b.example.org", ".builds"}
    assert {parts[1] for parts in written if len(parts) > 1 and parts[0] == ".builds"} == {
        f"lab-{lab_b.pk}"}

    call_command("publish", "lab-a")
    assert set(published_files(publish_root)) >= set(files)  # lab B's tree is untouched
    assert published_files(publish_root)["b.example.org/index.html"] == files[
        "b.example.org/index.html"]


@pytest.mark.parametrize("slug", ["../../etc", "lab-a/../lab-b", "/tmp/x", "lab a"])
def test_a_hostile_slug_is_refused_and_writes_nothing(publish_root, lab_a, slug):
    with pytest.raises(CommandError, match="is not a lab slug"):
        call_command("publish", slug)
    assert not publish_root.exists() or not any(publish_root.iterdir())


def test_a_lab_whose_stored_slug_or_host_is_hostile_never_writes_outside_the_root(
        publish_root, lab_a, tmp_path):
    Lab.objects.filter(pk=lab_a.pk).update(slug="../../outside")
    lab_a.refresh_from_db()
    report = publish_lab(lab=lab_a)  # directories are named by id and host, never by slug
    assert report.files > 5
    assert not (tmp_path / "outside").exists()
    assert {p.name for p in publish_root.iterdir()} == {"a.example.org", ".builds"}

    Domain.objects.filter(lab=lab_a).update(host="../../escaped")
    with pytest.raises(PublishError, match="Refusing host '../../escaped'"):
        publish_lab(lab=lab_a)
    assert not (tmp_path / "escaped").exists()


def test_paths_that_leave_the_host_directory_are_refused():
    from publishing.paths import relative_file

    html = CONTENT_TYPES["html"]
    assert str(relative_file("/people/ada/", html)) == "people/ada/index.html"
    assert str(relative_file("/", html)) == "index.html"
    for hostile in ("/../etc/", "/people/%2e%2e/x/", "/a//b/", "/.builds/x/", "/a\\..\\b/",
                    "relative/"):
        with pytest.raises(PublishError):
            relative_file(hostile, html)
    with pytest.raises(PublishError, match="served as another type"):
        relative_file("/robots.html", CONTENT_TYPES["txt"])


def test_the_page_limit_stops_the_publish(publish_root, lab_a_content, settings):
    settings.LABSITE_PUBLISH_MAX_PAGES = 3
    with pytest.raises(PublishError, match="more than 3 pages"):
        services.publish_lab(lab=lab_a_content.lab)
    assert not [p for p in publish_root.iterdir() if not p.name.startswith(".")]


def test_an_empty_feed_is_the_same_bytes_on_every_request(lab_a, no_page_cache):
    ada = make_person(lab=lab_a, full_name="Ada Moreau", slug="ada")
    first = dynamic("a.example.org", "/people/ada/feed/").content
    second = dynamic("a.example.org", "/people/ada/feed/").content
    assert first == second  # was the time of each request
    assert f"<updated>{ada.updated.isoformat()}</updated>".encode() in first


def test_the_published_404_page_is_not_logged_as_a_missing_page(publish_root, lab_a, caplog):
    publish_lab(lab=lab_a)
    assert b"<html" in published_files(publish_root)["a.example.org/404.html"]
    assert not [r for r in caplog.records if r.name == "django.request"], caplog.text
    # A real missing page is still logged.
    dynamic("a.example.org", "/no-such-page/", status=404)
    assert "Not Found: /no-such-page/" in caplog.text


def test_under_debug_the_technical_404_page_is_not_published(publish_root, lab_a, settings):
    settings.DEBUG = True
    report = publish_lab(lab=lab_a)
    files = published_files(publish_root)
    assert "a.example.org/404.html" not in files and "a.example.org/index.html" in files
    assert report.files == len(files)


def test_a_single_file_is_replaced_whole_or_not_at_all(tmp_path, monkeypatch):
    """write_atomic, for updating one published file in place (a page-by-page publish)."""
    import os

    from publishing.tree import write_atomic

    page = tmp_path / "host" / "index.html"
    write_atomic(page, b"old page")
    monkeypatch.setattr(os, "replace", lambda *args: (_ for _ in ()).throw(OSError("crash")))
    with pytest.raises(OSError, match="crash"):
        write_atomic(page, b"new page")
    assert page.read_bytes() == b"old page"
    assert [p.name for p in page.parent.iterdir()] == ["index.html"]  # no temp file left
    monkeypatch.undo()
    write_atomic(page, b"new page")
    assert page.read_bytes() == b"new page"
