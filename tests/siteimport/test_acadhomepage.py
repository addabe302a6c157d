"""The AcadHomepage reader item by item against repositories built from the theme's and real
forks' files (tests/siteimport/sites/acadhomepage/README.md says where each file came from).
Pure: no database. Odd and broken input, bounds, zips and growth: the robustness module.
"""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

from siteimport.formats import acadhomepage
from siteimport.source import FolderSiteSource, ZipSiteSource
from siteimport.types import SiteData
from tests.siteimport.acadhomepage_sites import (
    ABOUT,
    FORBIDDEN,
    FORK,
    LEFTOVERS,
    SEED_002,
    SEEDS,
    SELECTED,
    SITES,
    TEMPLATE,
    copy_site,
    page_papers,
    paper,
    read,
    texts,
)
from tests.siteimport.helpers import zipped


@pytest.fixture(scope="module")
def fork() -> SiteData:
    return read(FORK)


@pytest.fixture(scope="module")
def selected() -> SiteData:
    return read(SELECTED)


@pytest.mark.parametrize("folder", [FORK, TEMPLATE, SELECTED], ids=lambda p: p.name)
def test_detect_scores_the_theme_high(folder):
    assert acadhomepage.detect(FolderSiteSource(folder)) >= 90


def _other_sites(tmp_path: Path) -> list[Path]:
    """The other themes' fixture repositories, and sites made of the other real seeds
    (a plain page, academicpages, a lab template, al-folio)."""
    others = [
        path for path in SITES.iterdir()
        if path.is_dir() and not path.name.startswith("acadhomepage")
    ]
    seeds = {
        "000": "index.md", "001": "_pages/about.md", "003": "_pages/publications.md",
        "004": "_pages/about.md",
    }
    for seed in sorted(SEEDS.glob("seed_*.txt")):
        name = seeds.get(seed.stem[-3:])
        if name:
            target = tmp_path / f"seed{seed.stem[-3:]}" / name
            target.parent.mkdir(parents=True)
            shutil.copy(seed, target)
            others.append(tmp_path / f"seed{seed.stem[-3:]}")
    return others


def test_detect_is_zero_for_other_themes(tmp_path):
    others = _other_sites(tmp_path)
    assert others
    for folder in others:
        assert acadhomepage.detect(FolderSiteSource(folder)) == 0, folder.name


def test_profile_comes_from_the_author_block(fork):
    profile = fork.profile
    assert (profile.name, profile.native_name) == ("Jiaming Xu", "许珈铭")
    assert profile.affiliation == "Shanghai Jiao Tong University/Shanghai Innovation Institute"
    assert profile.address == "Shanghai, China"
    assert (profile.email, profile.email_obfuscated) == ("jiamingxu@sjtu.edu.cn", False)
    assert profile.photo == "images/person.jpeg"
    assert [(link.kind, link.url) for link in profile.links] == [
        ("scholar", "https://scholar.google.com/citations?user=ovQFaicAAAAJ"),
        ("github", "https://github.com/MathsCode"),  # a username, expanded
        ("linkedin", "https://www.linkedin.com/in/jiaming-xu-sjtu"),
    ]
    assert profile.origin.path == "_config.yml" and profile.origin.line == 22


def test_profile_of_a_second_fork_keeps_orcid_and_drops_the_template_avatar(selected):
    profile = selected.profile
    assert (profile.name, profile.native_name) == ("Jiarui Feng", "冯家瑞")
    assert ("orcid", "https://orcid.org/0000-0002-3409-6819") in [
        (link.kind, link.url) for link in profile.links
    ]
    assert profile.photo == ""  # "images/android-chrome-512x512.png" is the theme's favicon
    assert any(
        skip.what.endswith("android-chrome-512x512.png") and "favicon" in skip.reason
        for skip in selected.skipped
    )


def test_an_obfuscated_email_stays_text(tmp_path):
    site = copy_site(FORK, tmp_path)
    config = site / "_config.yml"
    config.write_text(config.read_text().replace(
        '"jiamingxu@sjtu.edu.cn"', '"jiamingxu [at] sjtu [dot] edu [dot] cn"'
    ))
    profile = read(site).profile
    assert profile.email == "jiamingxu [at] sjtu [dot] edu [dot] cn"
    assert profile.email_obfuscated is True
    assert not any(link.url.startswith("mailto:") for link in profile.links)


def test_sections_keep_the_page_order_and_wording(fork):
    assert [(section.kind, section.heading) for section in fork.sections] == [
        ("about", ""),
        ("news", "🔥 News"),
        ("custom", "👥 Team"),
        ("publications", "📝 Publications"),
        ("awards", "🎖 Honors and Awards"),
        ("education", "📖 Educations"),
        ("talks", "💬 Presentation"),
        ("service", "💻 Service"),
        ("positions", "💻 Internships"),  # the template's section, left in the fork
    ]


# Seed 002's own "# " headings, in its order (the fixture's about.md is that seed plus lines).
SEED_002_HEADINGS = [
    "🔥 News", "👥 Team", "📝 Publications", "🎖 Honors and Awards", "📖 Educations",
    "💬 Presentation", "💻 Service",
]


def test_seed_002_sections_are_all_read_in_its_order(fork):
    assert [section.heading for section in fork.sections[1:8]] == SEED_002_HEADINGS
    if SEED_002.exists():  # the seed itself, where this machine has it
        seed_headings = [
            line[2:].strip() for line in SEED_002.read_text().splitlines()
            if line.startswith("# ")
        ]
        assert seed_headings == SEED_002_HEADINGS


def test_a_custom_section_keeps_its_markdown(fork):
    team = next(section for section in fork.sections if section.kind == "custom")
    assert "**Now**" in team.body and "**Previous**" in team.body
    assert "- Jiaming Xu (许珈铭): third year Ph.D student" in team.body
    assert "I am looking for students" in team.body  # the red <span> kept as its text
    assert "([DAI-Sys小组招生](https://dai.sjtu.edu.cn/join.html))" in team.body
    assert team.origin.line == 35


def test_about_text_is_clean_markdown(fork):
    about = fork.profile.about
    assert about.startswith("I am Jiaming Xu (许珈铭), a third year Ph.D student")
    assert "[Prof. Guohao Dai (戴国浩)](https://dai.sjtu.edu.cn/pepledetail.html?id=218)" in about
    assert "img.shields.io" not in about  # the citation badge is gone, the sentence stays
    assert "I have published 10+ papers at the top international conferences" in about


def test_selected_publications_heading_and_a_box_that_is_not_apaper(selected):
    assert [section.heading for section in selected.sections][2] == "📝 Selected Publications"
    assert len(selected.papers) == 8
    assert all(paper.selected for paper in selected.papers)
    misc = selected.sections[-1]
    assert (misc.kind, misc.heading) == ("custom", "🎮 Misc")
    assert "![sym](images/theta.jpeg)" in misc.body
    assert "I have a cute ragdoll" in misc.body
    services = [section for section in selected.sections if section.heading == "🔬Services"]
    assert services[0].kind == "service"


def test_news_items_with_month_precision(fork):
    assert len(fork.news) == 5
    first = fork.news[0]
    assert (first.date.date, first.date.precision) == (datetime.date(2025, 9, 1), "month")
    assert first.text.startswith("🎉🎉 We release [SpecDiff](https://www.arxiv.org/abs/2509.13848)")
    assert first.origin.line == 26
    assert [item.date.date.month for item in fork.news] == [9, 9, 8, 6, 3]


def test_awards_split_title_and_granting_body(fork):
    assert len(fork.awards) == 13
    national = [award for award in fork.awards if award.title == "National Scholarship (Top 1%)"]
    assert len(national) == 3
    assert {award.granting_body for award in national} == {
        "Ministry of Education of The People’s Republic of China"
    }
    assert (national[0].date.date, national[0].date.precision) == (
        datetime.date(2022, 12, 1), "month"
    )
    assert fork.awards[0].title == "Outstanding Graduates"
    assert fork.awards[0].granting_body == "Shaanxi"


def test_education_ranges_keep_both_ends(fork):
    education = [entry for entry in fork.cv if entry.kind == "education"]
    assert [(entry.title, entry.organisation) for entry in education] == [
        ("School of Computer Science", "Shanghai Jiao Tong University"),
        ("School of Computer Science and Technology", "Xidian University"),
    ]
    assert (education[0].start.date, education[0].start.precision) == (
        datetime.date(2023, 6, 1), "month"
    )
    assert (education[0].end.date, education[0].end.precision) == (
        datetime.date(2028, 6, 1), "month"
    )


def test_talks_carry_their_kind_event_and_place(fork):
    talks = [entry for entry in fork.cv if entry.kind == "talk"]
    assert len(talks) == 9
    assert [entry.talk_kind for entry in talks].count("invited") == 3
    assert [entry.talk_kind for entry in talks].count("oral") == 6
    first = talks[0]
    assert first.title == "Efficient LLM inference via hardware-software codesign"
    assert (first.organisation, first.place) == ("CCF-HPC 2025", "Ordos, China")
    assert (first.start.date, first.start.precision) == (datetime.date(2025, 8, 1), "month")
    assert first.end.precision == "none"


def test_service_entries_and_ongoing_ends(fork):
    service = [entry for entry in fork.cv if entry.kind == "service"]
    assert len(service) == 8
    assert service[0].title == "Teaching Assistant"
    assert service[0].link == "https://me.sjtu.edu.cn/teacher_directory1/guweiguo.html"
    assert service[0].end.date is None  # "2025.09 - Now"
    assert not [entry for entry in fork.cv if entry.kind == "position"]  # only Lorem there


def test_research_interests_come_from_scholar_when_the_page_has_none(fork):
    assert [interest.title for interest in fork.interests] == [
        "Efficient AI", "System and Architecture", "GPU", "LLM"
    ]


def test_paper_boxes_become_papers(fork):
    assert [paper.entry.title.split(":")[0] for paper in page_papers(fork)] == [
        "SpecEE", "Enabling Efficient Sparse Multiplications on GPUs with Heuristic Adaptability",
        "FlashDecoding++", "MARCA-v2", "BalanceGS", "TSTC",
    ]
    spec = paper(fork, "SpecEE")
    assert spec.entry.venue_short == "ISCA 2025"  # the badge
    assert (spec.entry.year, spec.entry.kind) == (2025, "conference")
    assert spec.thumbnail == "images/ISCA25.png"
    assert spec.scholar_id == "ovQFaicAAAAJ:WF5omc3nYNoC"
    assert spec.entry.citation_count == 36  # from gs_data.json
    assert [author.name for author in spec.entry.authors][:2] == ["Jiaming Xu", "Jiayi Pan"]
    assert spec.owner_index == 0  # "**Jiaming Xu**", the bold name
    flash = paper(fork, "FlashDecoding++")  # "Ke Hong\*, Guohao Dai\*, **Jiaming Xu\***"
    assert flash.entry.authors[flash.owner_index].name == "Jiaming Xu"
    assert flash.owner_index == 2
    assert [(link.kind, link.label) for link in spec.links] == [
        ("pdf", "Paper"), ("code", "Code"), ("other", "机器之心")
    ]
    assert spec.origin.line == 57


def test_co_first_authors(fork, selected):
    tcad = paper(fork, "Enabling Efficient")
    assert [a.name for a in tcad.entry.authors if a.equal_contribution] == [
        "Jiaming Xu", "Shan Huang"
    ]
    flash = paper(fork, "FlashDecoding++")
    assert [a.equal_contribution for a in flash.entry.authors][:4] == [True, True, True, False]
    assert flash.entry.authors[-1].name == "Yu Wang"  # "…, Yuhan Dong and Yu Wang,"
    ofa = paper(selected, "One for All")  # <sup>*</sup> marks, "(* Equal contribution)"
    assert [a.name for a in ofa.entry.authors if a.equal_contribution] == [
        "Hao Liu", "Jiarui Feng", "Lecheng Kong"
    ]
    assert "contribution" not in " ".join(a.name for a in ofa.entry.authors)


def test_list_papers_and_scholar_ids_matched_by_title(fork):
    marca = paper(fork, "MARCA-v2")
    assert (marca.entry.venue_short, marca.entry.kind) == ("IEEE TCAD 2026", "journal")
    assert [(link.kind, link.url) for link in marca.links] == [
        ("pdf", "https://ieeexplore.ieee.org/document/11214419")
    ]
    balance = paper(fork, "BalanceGS")
    assert balance.links == []
    assert [a.name for a in balance.entry.authors if a.equal_contribution] == [
        "Junyi Wu", "Jiaming Xu"
    ]
    tstc = paper(fork, "TSTC")  # no span on the page: gs_data.json's record by its title
    assert (tstc.scholar_id, tstc.entry.citation_count) == ("ovQFaicAAAAJ:d1gkVwhDpl0C", 15)
    # The owner's four other Scholar records become papers of their own, after the page's.
    others = [found for found in fork.papers if found.origin.path == "gs_data.json"]
    assert [(found.entry.title[:20], found.scholar_id, found.entry.citation_count)
            for found in others] == [
        ("A survey on efficien", "ovQFaicAAAAJ:2osOgNQ5qMEC", 467),
        ("Large language model", "ovQFaicAAAAJ:UeHWp8X0CEIC", 128),
        ("Marca: Mamba acceler", "ovQFaicAAAAJ:IjCSPb-OGe4C", 39),
        ("DistFlow: A Fully Di", "ovQFaicAAAAJ:4DMP91E08xMC", 12),
    ]
    assert fork.papers[-4:] == others


def test_highlights_from_badges_and_badge_links(selected):
    ofa = paper(selected, "One for All")
    assert ofa.highlights == ["Spotlight"]
    assert ofa.entry.venue_short == "ICLR 2024"
    assert ofa.thumbnail == "images/OFA.jpg"
    assert [(link.kind, link.label, link.url) for link in ofa.links] == [
        ("arxiv", "Paper", "https://arxiv.org/abs/2310.00149"),
        ("code", "Github", "https://github.com/LechengKong/OneForAll"),
        ("other", "Link", "https://openreview.net/forum?id=4IT2pgc9v6"),
    ]
    assert paper(selected, "GOFA").highlights == []
    assert [paper.highlights for paper in selected.papers].count(["Spotlight"]) == 2


def test_template_leftovers_in_a_fork_are_skipped_with_reasons(fork):
    reasons = {(skip.what[:30], skip.reason, skip.origin.line) for skip in fork.skipped}
    assert ("Deep Residual Learning for Ima", "the theme's demo paper (Kaiming He's ResNet)",
            106) in reasons
    placeholder = [s for s in fork.skipped if s.reason == "the theme's placeholder text"]
    assert sorted(s.origin.line for s in placeholder) == [32, 124, 170]
    comments = [s for s in fork.skipped if s.reason == "commented out in the page"]
    assert [s.origin.line for s in comments] == [31, 126]
    everything = [p.entry.title for p in fork.papers] + [n.text for n in fork.news]
    assert not [text for text in everything if "Lorem" in text or "Residual" in text]


def test_the_theme_itself_yields_nothing_but_skipped(tmp_path):
    site = read(TEMPLATE)
    assert (site.news, site.awards, site.cv, site.papers, site.interests) == ([], [], [], [], [])
    assert (site.profile.name, site.profile.email, site.profile.photo, site.profile.address) == (
        "", "", "", ""
    )
    assert site.profile.links == []  # YOUR_GOOGLE_SCHOLAR_ID
    skipped = {skip.what.split(":")[0]: skip.reason for skip in site.skipped}
    assert skipped["author name"] == "the theme's placeholder value"
    assert skipped["author googlescholar"] == "the theme's placeholder value"
    assert skipped["author location"] == "the theme's placeholder profile"
    assert skipped["gs_data.json"] == "the theme's demo Scholar data (Kaiming He)"
    # The headings are still the page's: an owner who keeps the layout keeps the sections.
    assert [section.heading for section in site.sections][1:3] == ["🔥 News", "📝 Publications"]


def test_the_template_scholar_id_copied_onto_a_real_paper_is_dropped_not_thepaper(tmp_path):
    site = copy_site(SELECTED, tmp_path)
    about = site / ABOUT
    about.write_text(about.read_text().replace(
        "[**Paper**]", "<span class='show_paper_citations' data='DhtAFkwAAAAJ:ALROH1vI_8AC'></span>"
        " [**Paper**]", 1,
    ).replace("</a>\n</div>", "</a> <strong><span class='show_paper_citations' "
              "data='DhtAFkwAAAAJ:ALROH1vI_8AC'></span></strong>\n</div>", 1))
    data = read(site)
    assert len(data.papers) == 8
    assert all(not paper.scholar_id for paper in data.papers)
    assert any(skip.reason == "the theme's demo Scholar id" for skip in data.skipped)


def test_subheadings_give_paper_kinds_and_selection(tmp_path):
    site = copy_site(FORK, tmp_path)
    about = site / ABOUT
    text = about.read_text()
    about.write_text(
        text.replace("<div class='paper-box'><div class='paper-box-image'><div>"
                     "<div class=\"badge\">ISCA 2025", "## ⭐ Selected\n\n<div class='paper-box'>"
                     "<div class='paper-box-image'><div><div class=\"badge\">ISCA 2025", 1)
        .replace("- `IEEE TCAD 2026`", "## Preprints\n\n- `IEEE TCAD 2026`", 1)
    )
    data = read(site)
    on_page = page_papers(data)
    assert [paper.selected for paper in on_page] == [True, True, True, False, False, False]
    assert [paper.entry.kind for paper in on_page][3:] == ["preprint"] * 3
    body = next(section.body for section in data.sections if section.kind == "publications")
    assert "## ⭐ Selected" in body and "## Preprints" in body


def test_a_fork_that_kept_the_template_sections(tmp_path):
    site = read(LEFTOVERS)
    assert acadhomepage.detect(FolderSiteSource(LEFTOVERS)) == 100
    assert [(link.kind, link.url) for link in site.profile.links][-1] == (
        "x", "https://x.com/YangLee99779107"
    )
    assert len(site.news) == 6
    assert (site.awards, site.cv) == ([], [])  # all Lorem ipsum
    placeholder = [s for s in site.skipped if s.reason == "the theme's placeholder text"]
    assert len(placeholder) == 7
    assert [paper.entry.title.split(":")[0] for paper in site.papers][:3] == [
        "Video-LaVIT", "Unified Language-Vision Pretraining in LLM with Dynamic Discrete Visual "
        "Tokenization", "Learning Instance-Level Representation for Large-Scale Multi-Modal "
        "Pretraining in E-commerce",
    ]
    assert len(site.papers) == 8
    lavit = site.papers[0]
    assert (lavit.entry.kind, lavit.entry.venue_short, lavit.entry.arxiv_id) == (
        "preprint", "arXiv 2024", "2402.03161"
    )
    assert [(link.kind, link.label) for link in lavit.links] == [
        ("arxiv", "Paper"), ("project", "Project"), ("code", "Code")
    ]
    spotlight = paper(site, "Embracing Consistency")
    assert (spotlight.entry.venue_short, spotlight.highlights) == ("NeurIPS 2022", ["Spotlight"])
    tmm = paper(site, "Zero-Shot Video Event Detection")  # "…, Yadong Mu, **TMM 2021**"
    assert (tmm.entry.venue_short, tmm.entry.kind) == ("TMM 2021", "journal")
    assert [author.name for author in tmm.entry.authors] == [
        "Yang Jin", "Wenhao Jiang", "Yi Yang", "Yadong Mu"
    ]
    from_zip = acadhomepage.read(ZipSiteSource(zipped(LEFTOVERS, tmp_path)))
    assert from_zip == site
    assert not [path for path, text in texts(site) if FORBIDDEN.search(text)]


def test_a_research_interests_section_wins_over_scholar(tmp_path):
    site = copy_site(FORK, tmp_path)
    about = site / ABOUT
    about.write_text(about.read_text().replace(
        "# 🔥 News", "# 🔬 Research Interests\n- Efficient LLM inference\n- Sparse computing\n\n"
        "# 🔥 News", 1,
    ))
    data = read(site)
    assert [interest.title for interest in data.interests] == [
        "Efficient LLM inference", "Sparse computing"
    ]
    assert (data.sections[1].kind, data.sections[1].heading) == (
        "interests", "🔬 Research Interests"
    )


def test_a_placeholder_paragraph_goes_the_rest_of_the_about_stays(tmp_path):
    site = copy_site(FORK, tmp_path)
    about = site / ABOUT
    lorem = (TEMPLATE / ABOUT).read_text().split("\n")[19]  # the template's first paragraph
    assert lorem.startswith("Lorem ipsum dolor sit amet")
    text = about.read_text()
    about.write_text(text.replace("My research focuses", f"{lorem}\n\nMy research focuses"))
    data = read(site)
    assert data.profile.about.startswith("I am Jiaming Xu")
    assert "My research focuses on efficient machine learning systems" in data.profile.about
    assert "Lorem" not in data.profile.about
    assert any(skip.what.startswith("Lorem ipsum dolor") for skip in data.skipped)


def test_kind_from_the_venue_name_is_case_aware(tmp_path):
    site = copy_site(FORK, tmp_path)
    about = site / ABOUT
    about.write_text(about.read_text().replace("`ICCAD 2023`", "`The Web Conf 2023`", 1))
    tstc = paper(read(site), "TSTC")
    assert (tstc.entry.venue_short, tstc.entry.kind) == ("The Web Conf 2023", "conference")


def test_a_demo_scholar_id_on_one_box_keeps_the_owners_scholar_data(tmp_path):
    site = copy_site(FORK, tmp_path)
    about = site / ABOUT
    about.write_text(about.read_text().replace("ovQFaicAAAAJ:Tyk-4Ss8FVUC", "DhtAFkwAAAAJ:x", 1))
    data = read(site)
    assert [interest.title for interest in data.interests][:1] == ["Efficient AI"]
    assert paper(data, "SpecEE").entry.citation_count == 36


def test_nested_list_indentation_survives_in_a_custom_section(tmp_path):
    site = copy_site(FORK, tmp_path)
    about = site / ABOUT
    about.write_text(about.read_text().replace(
        "**Previous**\n", "**Previous**\n- Alumni\n    - Moved on &nbsp; | &nbsp; with thanks\n", 1
    ))
    team = next(section for section in read(site).sections if section.kind == "custom")
    assert "- Alumni\n    - Moved on | with thanks" in team.body


@pytest.mark.parametrize(("written", "name", "native"), [
    ('"Yu Zhang (张彧)"', "Yu Zhang", "张彧"),  # AaronZ345/AaronZ345.github.io _config.yml
    ('"Jiaming Xu 许珈铭"', "Jiaming Xu", "许珈铭"),
    ('"Minjoon Seo (서민준)"', "Minjoon Seo", "서민준"),  # the same form, in Hangul
    ('"Jiaming Xu"', "Jiaming Xu", ""),
])
def test_a_native_name_beside_the_name(tmp_path, written, name, native):
    site = copy_site(FORK, tmp_path)
    config = site / "_config.yml"
    config.write_text(config.read_text().replace('"Jiaming Xu 许珈铭"', written, 1))
    profile = read(site).profile
    assert (profile.name, profile.native_name) == (name, native)
