"""Seed 002 (AcadHomepage) rebuilt from admin-equivalent rows (tests/seeds/seed_002.py) and
checked section by section against the seed's text."""

import html as html_lib
import json
import re

import pytest

from tests.seeds import seed_002
from tests.seeds.common import (
    hrefs,
    items,
    queries_at_two_sizes,
    raw_html_fields,
    render,
    section_bodies,
    section_headings,
    seed_text,
    text_of,
)

pytestmark = pytest.mark.django_db

SEED = re.sub(r"<!--.*?-->", "", seed_text("002"), flags=re.S)
HEADINGS = [heading.strip() for heading in re.findall(r"^# (.+)$", SEED, re.M)]
ANCHORS = ["news", "team", "publications", "awards", "education", "talks", "service"]


def block(heading: str) -> str:
    return SEED.split(f"# {heading}", 1)[1].split("\n# ", 1)[0]


def seed_items(heading: str) -> list[tuple[str, str]]:
    """(date, text) of the seed's ``- *date*: text`` lines under a heading, as the page
    shows them (no HTML, no escapes, spaces folded)."""
    lines = re.findall(r"^- \*(.+?)\*:?,? (.*)$", block(heading), re.M)
    return [(date, text_of(plain(re.sub(r"\\(.)", r"\1", text)).replace("<\\span>", "")))
            for date, text in lines]  # fmt: skip


def plain(markdown: str) -> str:
    return re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", markdown)


@pytest.fixture
def seed():
    return seed_002.build()


@pytest.fixture
def page(seed):
    return render(seed)


@pytest.fixture
def bodies(page):
    return section_bodies(page)


def test_no_field_holds_raw_html(seed):
    assert raw_html_fields(seed.lab) == []


def test_headings_in_the_seeds_order_and_the_seeds_about_anchor(page):
    assert len(HEADINGS) == 7
    assert section_headings(page) == [("about-me", "About"), *zip(ANCHORS, HEADINGS, strict=True)]
    assert "id='about-me'" in SEED


def test_profile_native_name_position_and_alternate_name(page):
    assert '<h1>Jiaming Xu <span class="person-native-name" lang="zh">许珈铭</span></h1>' in page
    assert "<p>third year Ph.D student</p>" in page
    person = next(
        data for data in map(json.loads, re.findall(
            r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page, re.S))
        if data.get("@type") == "Person"
    )  # fmt: skip
    assert person["alternateName"] == "许珈铭"


def test_about_is_the_seeds_text(bodies):
    about = text_of(bodies["about-me"])
    paragraphs = [p for p in SEED.split("\n\n") if p.startswith(("I am Jiaming", "My research"))]
    assert len(paragraphs) == 2
    assert plain(paragraphs[0]).replace("Bachelor's", "Bachelor’s") in about  # smart quotes
    assert plain(paragraphs[1].split(" <a href")[0]) in about


def test_citation_badge_of_the_about_text(page, bodies):
    # The seed: a shields.io "citations" image (Scholar's count, from gs_data) linked to its
    # Scholar profile. Here: our own badge in text, with the member's total and its date.
    scholar = re.search(
        r"<a href='(https://scholar\.google\.com/citations\?user=\w+)'><img src=\"https://img"
        r"\.shields\.io/[^\"]*label=citations\"", SEED,
    ).group(1)  # fmt: skip
    assert scholar == seed_002.SCHOLAR
    badge = re.search(r'<a class="citation-badge" href="([^"]+)">(.*?)</a>', bodies["about-me"])
    assert badge and html_lib.unescape(badge.group(1)) == scholar
    total = sum(citations for citations, *_ in seed_002.RECORDED)
    assert text_of(badge.group(2)) == f"Citations {total:,}" == "Citations 367"
    assert 'as of <time datetime="2026-11-30">2026-11-30</time>' in bodies["about-me"]
    assert "<img" not in bodies["about-me"] and "shields.io" not in page


def test_news_to_the_month_in_the_seeds_style(bodies):
    expected = [(date, text.replace("\xa0", "").strip()) for date, text in seed_items("🔥 News")]
    assert len(expected) == 5
    rendered = items(bodies["news"], "news-item")
    assert len(rendered) == 5
    for (date, text), entry in zip(expected, rendered, strict=True):
        assert f">{date}</time>" in entry
        assert text_of(entry).replace(date, "", 1).strip() == text
    assert hrefs(rendered[0])[:2] == [
        "https://www.arxiv.org/abs/2509.13848", "https://arxiv.org/abs/2509.05614"
    ]  # fmt: skip


def seed_team(part: str) -> list[tuple[str, str, str, str]]:
    """(name, native name, period, position line) of the seed's "Now" or "Previous"."""
    text = block("👥 Team").split(f"**{part}**", 1)[1].split("**", 1)[0]
    rows = re.findall(r"^- (.+?) \((.+?)(?:, (.+?))?\): (.+)$", text, re.M)
    return [(name, native, period, position.strip()) for name, native, period, position in rows]


def test_team_now_and_previous_from_the_labs_people(bodies):
    team = bodies["team"]
    now_html, previous_html = team.split('<h3 id="team-previous">Previous</h3>')
    for part, fragment, count in (("Now", now_html, 9), ("Previous", previous_html, 2)):
        expected = seed_team(part)
        assert len(expected) == count
        shown = re.findall(
            r'<span class="team-member-name">(.*?)</span> \(<span class="team-member-native">'
            r'(.*?)</span>(?:, <span class="team-member-period">(.*?)</span>)?\)', fragment,
        )  # fmt: skip
        assert [(text_of(name), native, period) for name, native, period in shown] == [
            (name, native, period) for name, native, period, _position in expected
        ]
    # The intro, its call for students highlighted (the seed's red span) and its link.
    assert "<mark>I am looking for students, who are excited" in team
    assert "https://dai.sjtu.edu.cn/join.html" in hrefs(team)


def test_team_position_lines_read_as_the_seeds(bodies):
    positions = [position for part in ("Now", "Previous") for *_, position in seed_team(part)]
    # "fourth year Ph.D student in Shanghai Jiao Tong University", as the seed joins them.
    for position in positions:
        assert f">{position}</span>" in bodies["team"], position


def seed_papers():
    """(badge, title, url, authors, venue, note, [(label, url)]) of the seed's paper boxes."""
    papers = []
    for box in SEED.split("<div class='paper-box'>")[1:]:
        badge = re.search(r'<div class="badge">(.+?)</div>', box).group(1)
        title, url = re.search(r"^\[(.+?)\]\((.+?)\)$", box, re.M).groups()
        authors = re.search(r"^(.*\*\*Jiaming Xu.*)$", box, re.M).group(1)
        authors = authors.replace("**", "").replace("\\*", "*").replace(" and ", ", ")
        venue, note = re.search(r"^(.+?) \((.+?)\)$", box, re.M).groups()
        links = re.findall(r"\[\*\*(.+?)\*\*\]\((.+?)\)", box)
        papers.append((badge, title, url, authors.rstrip(", "), venue, note, links))
    return papers


def test_paper_boxes_as_the_seed_has_them(bodies):
    expected = seed_papers()
    assert len(expected) == 3
    boxes = items(bodies["publications"], "pub pub-box")
    assert len(boxes) == 3
    for (badge, title, url, authors, venue, note, links), box in zip(expected, boxes, strict=True):
        image = re.search(
            r'<div class="pub-box-image"><span class="badge badge-venue">(.+?)</span>'
            r'<img src="(/media/labs/seed-002/publications/[^"]+\.jpg)" alt="([^"]+)"', box,
        )  # fmt: skip
        assert image and image.group(1) == badge and image.group(3).startswith("Overview figure")
        assert f'<div class="pub-title"><a href="{html_lib.escape(url)}">{title}</a>' in box
        shown_authors = re.search(r'<div class="pub-authors">(.*?)</div>', box).group(1)
        assert text_of(shown_authors) == authors
        assert '<a class="member" href="/people/jiaming-xu/"><strong>Jiaming Xu</strong></a>' in (
            shown_authors
        )
        venue_line = f'<span class="pub-venue">{venue}</span> <span class="pub-note">({note})'
        assert venue_line in box
        for label, target in links:
            assert f'<a class="button" href="{html_lib.escape(target)}">{label}</a>' in box
    assert "* Equal contribution" in bodies["publications"]


def test_thumbnails_are_real_images(seed, bodies):
    from django.test import Client

    for src in re.findall(r'<img src="(/media/[^"]+)"', bodies["publications"]):
        response = Client(HTTP_HOST=seed.host).get(src)
        assert response.status_code == 200 and b"".join(response)[:3] == b"\xff\xd8\xff"


def test_only_the_pages_own_name_is_bold(bodies):
    # Other members are linked (not bold): the section's bold_authors is "owner" by default.
    assert set(re.findall(r"<strong>(.+?)</strong>", bodies["publications"])) == {"Jiaming Xu"}
    assert '<a class="member" href="/people/yaoxiu-lian-1/">Yaoxiu Lian</a>' in (
        bodies["publications"]
    )


def test_code_stars_and_citations_of_the_seed(bodies):
    # The seed: live GitHub stars after a paper's Code link and Scholar's count per paper.
    # Here: the counts a refresh stored, stars right after Code, each count with its date.
    seed_boxes = SEED.split("<div class='paper-box'>")[1:]
    boxes = items(bodies["publications"], "pub pub-box")
    assert len(seed_boxes) == len(boxes) == len(seed_002.RECORDED) == 3
    for seed_box, box, recorded in zip(seed_boxes, boxes, seed_002.RECORDED, strict=True):
        citations, read_on, stars, _stars_read_on = recorded
        assert "show_paper_citations" in seed_box
        assert (
            f'<span class="pub-citations" title="Citations as of {read_on}">Cited by {citations}'
            f'<span class="visually-hidden"> (as of {read_on})</span></span>'
        ) in box
        code = re.search(r"\[\*\*Code\*\*\]\((\S+?)\)( !\[\]\(https://img\.shields\.io/github/"
                         r"stars/[^)]+\))?", seed_box)  # fmt: skip
        assert bool(code and code.group(2)) == (stars is not None)
        if stars is not None:
            assert (
                f'<a class="button" href="{code.group(1)}">Code</a><span class="pub-stars" '
                f'role="img" aria-label="{stars} stars on the code repository">'
            ) in box
        else:
            assert "pub-stars" not in box
    assert "shields.io" not in bodies["publications"]


def test_honours_to_the_month_in_the_seeds_order(bodies):
    expected = seed_items("🎖 Honors and Awards")
    assert len(expected) == 13
    rendered = items(bodies["awards"], "award")
    assert len(rendered) == 13
    for (date, text), entry in zip(expected, rendered, strict=True):
        assert f'datetime="{date.replace(".", "-")}">{date}</time>' in entry
        assert text_of(entry).replace(date, "", 1).strip() == text


def test_the_seeds_red_national_scholarship_stays_emphasised(seed, bodies):
    # The seed paints the words red (<span style="color: red;">); the pasted list keeps them
    # highlighted (==…==), the page marks them, the theme colours the mark: no inline colour.
    red = re.findall(r'<span style="color: red;">(.+?)<\\span>', block("🎖 Honors and Awards"))
    assert red == ["National Scholarship"] * 3
    assert bodies["awards"].count(
        '<strong class="award-title"><mark>National Scholarship</mark> (Top 1%), Ministry'
    ) == 3
    assert "style=" not in bodies["awards"] and "color" not in bodies["awards"]
    assert raw_html_fields(seed.lab) == []


def cv_rows(fragment: str) -> list[tuple[str, str]]:
    return [
        (text_of(period), text_of(text))
        for period, text in re.findall(
            r'<span class="cv-period">(.*?)</span>\s*<div>(.*?)</div>\s*</li>', fragment, re.S
        )
    ]


@pytest.mark.parametrize("heading, anchor, count", [
    ("📖 Educations", "education", 2), ("💬 Presentation", "talks", 9),
    ("💻 Service", "service", 8),
])  # fmt: skip
def test_cv_sections_every_entry_with_its_dates_to_the_month(bodies, heading, anchor, count):
    expected = seed_items(heading)
    assert len(expected) == count
    rendered = cv_rows(bodies[anchor])
    assert len(rendered) == count
    def key(period: str, text: str):
        return (re.findall(r"\d{4}\.\d\d", period), text.replace(" (expected)", ""))
    assert sorted(key(*row) for row in rendered) == sorted(
        key(date, text.rstrip(".")) for date, text in expected
    )


def test_talks_read_as_the_seed_writes_them(bodies):
    expected = seed_items("💬 Presentation")
    assert cv_rows(bodies["talks"]) == expected  # "[Invited Talk] … @Ordos, China", in order


def test_service_keeps_the_seeds_order(bodies):
    # The section's entry order "by order number" (2024.05 before a later 2025.02 entry).
    assert [text for _p, text in cv_rows(bodies["service"])] == [
        text for _d, text in seed_items("💻 Service")
    ]


def test_periods_read_as_the_seeds(bodies):
    # The member's "dotted_spaced" style, and the pasted "(expected)" kept as a flag.
    assert "2023.06 - 2028.06 (expected)" in text_of(bodies["education"])
    assert "2025.09 - Now" in text_of(bodies["service"])
    assert "2024.05 - Now" in text_of(bodies["service"])


def test_another_labs_host_never_shows_the_seed(seed, lab_b, client_b):
    assert client_b.get(seed.path).status_code == 404
    assert "许珈铭" not in client_b.get("/people/").content.decode()


def test_query_budget_is_the_same_with_twice_every_list(seed, no_page_cache):
    single, double = queries_at_two_sizes(seed, seed_002.add_items)
    assert single == double
    # Ten more team members, and a second copy of each list (news stops at ten items).
    assert render(seed).count("(copy 2)") == 10 + 5 + 13 + 2 + 9 + 8 + 3
