"""publishing.pages reads a published sitemap in time linear in its size."""

import time

from publishing import pages


def sitemap(papers: int, people: int) -> bytes:
    locs = [f"https://a.example.org/publications/paper-{n}/" for n in range(papers)]
    locs += [f"https://a.example.org/people/person-{n}/" for n in range(people)]
    locs += ["https://a.example.org/", "https://a.example.org/publications/paper-0/"]  # a repeat
    return "".join(f"<url><loc>{loc}</loc></url>" for loc in locs).encode()


def test_paths_keep_their_order_once_each_with_each_homepages_feed():
    paths = pages.lab_paths(sitemap(2, 1))
    assert paths == [
        "/robots.txt", "/sitemap.xml", "/publications.bib", "/news/feed/",
        "/publications/paper-0/", "/publications/paper-1/",
        "/people/person-0/", "/people/person-0/feed/", "/",
    ]  # fmt: skip


def test_only_paths_under_the_team_page_are_resolved_and_time_grows_linearly(monkeypatch):
    resolved = []
    real = pages.resolve
    monkeypatch.setattr(pages, "resolve", lambda path: resolved.append(path) or real(path))

    def seconds(papers):
        xml = sitemap(papers, 20)
        started = time.perf_counter()
        assert len(pages.lab_paths(xml)) == 4 + papers + 2 * 20 + 1
        return time.perf_counter() - started

    small, large = min(seconds(1_000) for _ in range(3)), min(seconds(10_000) for _ in range(3))
    assert len(resolved) == 6 * 20  # 20 homepages per call, never a paper's page
    # Ten times the pages: about ten times the time (a list lookup per page made it 100x).
    assert large < small * 25, (small, large)
