"""The academicpages reader, item by item, on test sites copied from real forks and from the
template itself (tests/siteimport/sites/academicpages*/README.md say where each file came
from). Pure: no database. Broken input, bounds, zip and growth: test_academicpages_inputs.py."""

from __future__ import annotations

import shutil

import pytest

from siteimport.formats import academicpages, read_site
from siteimport.source import FolderSiteSource
from siteimport.types import SiteData
from tests.siteimport.academicpages_sites import (
    ALL,
    MAIN,
    OLD,
    SEED,
    SITES,
    TEMPLATE,
    copy_site,
    d,
    entries,
    paper,
    read,
)
from tests.siteimport.helpers import SEED_DATA


@pytest.fixture(scope="module")
def site() -> SiteData:
    return read(MAIN)


@pytest.fixture(scope="module")
def old() -> SiteData:
    return read(OLD)


@pytest.fixture(scope="module")
def seed() -> SiteData:
    return read(SEED)


# -- detection ---------------------------------------------------------------------------


def test_detect_is_high_for_academicpages_sites():
    scores = {folder.name: academicpages.detect(FolderSiteSource(folder)) for folder in ALL}
    assert scores["academicpages"] >= 70  # its own collections: _publications/, _talks/
    assert scores["academicpages-2021"] >= 70
    assert scores["academicpages-template"] >= 90  # and the config names the template
    assert 0 < scores["academicpages-seed001"] < 50  # an about page alone says little


def test_detect_is_zero_for_other_themes(tmp_path):
    # Seed 002 is an AcadHomepage about page: same front matter, its own paper boxes.
    seed_002 = SEED_DATA / "seed_002.txt"
    if seed_002.exists():
        (tmp_path / "_pages").mkdir()
        shutil.copy(seed_002, tmp_path / "_pages" / "about.md")
        assert academicpages.detect(FolderSiteSource(tmp_path)) == 0
        # Even with its Liquid preamble and paper boxes cut, the about-me anchor tells.
        about = tmp_path / "_pages" / "about.md"
        text = about.read_text()
        for mark in ("google_scholar_stats", "paper-box", "show_paper_citations"):
            text = text.replace(mark, "")
        about.write_text(text)
        assert "<span class='anchor'" in about.read_text()
        assert academicpages.detect(FolderSiteSource(tmp_path)) == 0
    others = [
        path for path in SITES.iterdir() if path.is_dir() and "academicpages" not in path.name
    ]
    for folder in others:  # the other themes' test sites, where they exist
        assert academicpages.detect(FolderSiteSource(folder)) == 0, folder.name


def test_read_site_by_name_gives_the_same_data(site):
    assert read_site(FolderSiteSource(MAIN), format="academicpages") == site
    assert site.format == "academicpages"


# -- profile -----------------------------------------------------------------------------


def test_profile_from_the_grouped_2024_author_block(site):
    profile = site.profile
    assert profile.name == "Phairot Autthasan (Max)"
    assert profile.name_inferred is False
    assert profile.bio == "Brain-Computer Interfaces, Machine Learning, Deep Learning, Bio-signals"
    assert profile.affiliation == "VISTEC"
    assert profile.address == "Rayong, Thailand"
    assert profile.photo == "images/Max_white_bg.png"  # "avatar" lives under images/
    assert profile.email == ""  # "email : # email address" is empty
    assert [(link.kind, link.url) for link in profile.links] == [
        ("scholar", "https://scholar.google.com/citations?user=L2StxvIAAAAJ&hl=en"),
        ("orcid", "https://orcid.org/0000-0002-9566-8382"),
        ("github", "https://github.com/Max-Phairot-A"),  # a username, expanded
        ("linkedin", "https://www.linkedin.com/in/phairot-autthasan-070223220"),
    ]
    assert profile.origin.path == "_config.yml"


def test_profile_from_the_older_flat_author_block(old):
    profile = old.profile
    assert (profile.name, profile.bio, profile.address) == (
        "Pin Shuai",
        "Earth Scientist @PNNL",
        "Richland, WA",
    )
    assert (profile.email, profile.email_obfuscated) == ("Pin.Shuai@pnnl.gov", False)
    assert profile.photo == "images/profile.jpg"
    kinds = {link.kind: link.url for link in profile.links}
    assert kinds["x"] == "https://x.com/pinshuai"
    assert kinds["linkedin"] == "https://www.linkedin.com/in/pshuai"


def test_an_obfuscated_email_stays_text(tmp_path):
    folder = copy_site(OLD, tmp_path)
    config = folder / "_config.yml"
    config.write_text(
        config.read_text().replace('"Pin.Shuai@pnnl.gov"', '"pin.shuai [at] pnnl.gov"')
    )
    profile = read(folder).profile
    assert profile.email == "pin.shuai [at] pnnl.gov"
    assert profile.email_obfuscated is True
    assert not any(link.url.startswith("mailto:") for link in profile.links)


def test_without_a_name_in_the_config_the_bold_author_is_the_inferred_name(tmp_path):
    folder = copy_site(MAIN, tmp_path)
    config = folder / "_config.yml"
    config.write_text(config.read_text().replace('"Phairot Autthasan (Max)"', ""))
    profile = read(folder).profile
    assert (profile.name, profile.name_inferred) == ("P Autthasan", True)


def test_double_encoded_utf8_is_repaired(tmp_path):
    folder = copy_site(MAIN, tmp_path)
    cv = folder / "_pages" / "cv.md"
    cv.write_text(cv.read_text().replace("Mongkut’s", "Mongkut’s".encode().decode("cp1252")))
    assert "Mongkutâ€™s" in cv.read_text()
    bachelor = entries(read(folder), "education")[2]
    assert bachelor.organisation.startswith("King Mongkut’s University of Technology Thonburi")


def test_the_template_imports_nothing_and_says_why():
    data = read(TEMPLATE)
    assert data.profile.name == "" and data.profile.links == [] and data.profile.photo == ""
    assert (data.papers, data.cv, data.news, data.awards, data.sections) == ([], [], [], [], [])
    reasons = {item.what: item.reason for item in data.skipped}
    assert "yourfullgooglescholarurl" in reasons["_config.yml author.googlescholar"]
    assert "yourorcidurl" in reasons["_config.yml author.orcid"]
    assert "Your Sidebar Name" in reasons["_config.yml author.name"]
    assert "replacethistwitterhandle" in reasons["_config.yml author.twitter"]
    assert "template's own page" in reasons["_pages/about.md"]
    assert "template's own page" in reasons["_pages/cv.md"]
    demo = [what for what, reason in reasons.items() if "demo entry" in reason]
    assert len(demo) == 3 + 4 + 2 + 1  # papers, talks, teaching, the post


# -- sections ----------------------------------------------------------------------------


def test_sections_in_the_pages_order_with_their_own_headings(site):
    assert [(s.kind, s.heading, s.origin.path) for s in site.sections] == [
        ("about", "", "_pages/about.md"),
        ("news", "News", "_pages/about.md"),  # a setext "News\n---" heading
        ("awards", "Achievements", "_pages/achievements.md"),  # a page of the menu
        ("education", "Education", "_pages/cv.md"),
        ("positions", "Work experience", "_pages/cv.md"),
        ("positions", "Research experience", "_pages/cv.md"),
        ("custom", "Skills", "_pages/cv.md"),
        ("publications", "Publications", "_pages/cv.md"),
        ("custom", "Scholarships", "_pages/cv.md"),
    ]
    about = site.sections[0]
    assert about.body == site.profile.about
    assert about.body.startswith("I am currently a postdoctoral researcher with the [Bio-Inspired")
    assert "{:target" not in about.body and "<br" not in about.body
    skills = site.sections[6]
    assert skills.body.startswith("* Skilled in Python, MySQL, and MATLAB.")
    assert skills.origin.line == 83


def test_liquid_only_sections_posts_and_portfolio_are_reported_not_kept(old):
    reasons = {item.what: item.reason for item in old.skipped}
    assert "demo entry" in reasons["_portfolio/portfolio-1.md: Portfolio item number 1"]
    post = next(reason for what, reason in reasons.items() if what.startswith("_posts/"))
    assert post.startswith("blog posts are not imported")
    assert "Liquid" in reasons["_pages/cv.md: section “Publications”"]
    assert "publications.md" not in " ".join(section.origin.path for section in old.sections)


def test_seed_001_sections_news_awards_and_interests(seed):
    assert [(s.kind, s.heading, s.origin.line) for s in seed.sections] == [
        ("about", "", 11),
        ("interests", "Research Interests", 22),
        ("awards", "Awards", 31),
        ("news", "News", 39),
    ]
    about = seed.profile.about
    assert "ByteDance-Tsinghua postdoc" not in about  # in an HTML comment
    assert "**I am seeking highly motivated full-time employees" in about  # the red span's words
    assert [(i.title, i.description) for i in seed.interests] == [
        ("High-performance Inference System", "System design for large language and vision models"),
        ("AI Compiler", "Compiler Design for the next generation of accelerators"),
        ("Distributed Systems", "Computation-communication co-optimization and automation"),
    ]
    assert [(a.title, a.date.date, a.date.precision, a.origin.line) for a in seed.awards] == [
        (
            "Outstanding Doctoral Dissertation Award of Peking University",
            d("2024-07-01"),
            "month",
            34,
        ),
        (
            "Outstanding Ph.D. Graduate of both Beijing and Peking University",
            d("2024-07-01"),
            "month",
            35,
        ),
    ]
    # Two items: the commented-out copy of the list below it is not news.
    assert [(n.date.date, n.date.precision, n.origin.line) for n in seed.news] == [
        (d("2024-09-01"), "month", 42),
        (d("2024-08-01"), "month", 43),
    ]
    assert seed.news[0].text == (
        "Our paper ArkVale: Efficient Generative LLM Inference with Recallable Key-Value "
        "Eviction has been accepted by NeurIPS 2024!"
    )


# -- news, awards ------------------------------------------------------------------------


def test_news_with_dates_at_their_precision(site):
    assert len(site.news) == 6
    first = site.news[0]
    assert (first.date.date, first.date.precision) == (d("2024-08-16"), "day")
    assert first.text == "(New) Two proceeding papers accepted to IEEE SENSORS 2024 Conference"
    assert first.origin.describe() == "_pages/about.md, line 19"
    assert type(first.date.precision) is str  # a plain DatePrecision value
    assert [(n.date.date, n.date.precision) for n in site.news[3:5]] == [
        (d("2021-12-21"), "day"),
        (d("2019-12-06"), "day"),
    ]
    # "29 Oct.-1 Nov. 2023": a range across months has no one date; the text stays whole.
    assert site.news[2].date.precision == "none"
    assert site.news[2].text.startswith("29 Oct.-1 Nov. 2023: (New) HeartRhythm paper")
    assert "_pages/about.md, line 21: no date could be read; the news item is kept undated." in (
        site.warnings
    )


def test_awards_from_the_achievements_page(site):
    assert [(a.title, a.date.date, a.date.precision) for a in site.awards] == [
        (
            "Top 50 popular articles, IEEE Transactions on Biomedical Engineering",
            d("2024-05-01"),
            "month",
        ),
        (
            "Top 10 finalist teams, GBU Gaskathon 2023 (Organized by PTT Public Company Limited "
            "(Gas Business Unit))",
            None,
            "none",
        ),
    ]
    assert site.awards[0].description.startswith('*The publication titled "MIN2Net')
    assert site.awards[0].origin.describe() == "_pages/achievements.md, line 16"


# -- CV ----------------------------------------------------------------------------------


def test_education_with_month_ranges(site):
    education = entries(site, "education")
    assert [
        (e.title, e.start.date, e.start.precision, e.end.date, e.end.precision) for e in education
    ] == [
        (
            "Ph.D in Information Science and Technology",
            d("2017-08-01"),
            "month",
            d("2023-10-01"),
            "month",
        ),
        ("Visiting Ph.D researcher", d("2022-01-01"), "month", d("2022-11-01"), "month"),
        ("B.S. in Computer Science", d("2013-08-01"), "month", d("2017-05-01"), "month"),
    ]
    assert education[0].organisation == (
        "Vidyasirimedhi Institute of Science and Technology (VISTEC), Rayong, Thailand"
    )
    assert education[2].description == "First-Class Honors and Gold Medal in Chemistry."
    assert education[0].origin.describe() == "_pages/cv.md, line 20"


def test_positions_ongoing_and_single_month(site):
    positions = entries(site, "position")
    assert len(positions) == 9  # five jobs, four research posts
    postdoc = positions[0]
    assert (postdoc.title, postdoc.start.date, postdoc.start.precision) == (
        "Postdoctoral Researcher",
        d("2024-01-01"),
        "month",
    )
    assert postdoc.end.date is None  # "Present"
    assert postdoc.description.startswith("* Conducting research on biomedical data")
    mentor = positions[1]
    assert (mentor.start.date, mentor.end.date, mentor.end.precision) == (
        d("2020-10-01"),
        d("2020-10-01"),
        "month",
    )  # "(Oct 2020)": one month, not "2020 – present"
    internship = positions[3]  # "(Jun 1st, 2016 – Sep 30, 2016)" is no date we read
    assert (internship.title, internship.start.precision) == ("Internship", "none")
    assert internship.organisation == "Utac Thai Company Limited, Bangkok, Thailand"
    assert internship.description.startswith("(Jun 1st, 2016 – Sep 30, 2016)")
    assert (
        f"{internship.origin.describe()}: no date could be read; the CV entry is kept undated."
        in (site.warnings)
    )
    wrapped = next(p for p in positions if p.title == "B.S. Research")
    assert "current density." in wrapped.description.replace("\n", " ")  # a lazy line


def test_plain_markdown_cv_with_years(old):
    education = entries(old, "education")
    assert [
        (e.title, e.organisation, e.start.date, e.end.date, e.end.precision) for e in education
    ] == [
        ("Ph.D in Geology", "Texas A&M University", d("2017-01-01"), d("2017-01-01"), "year"),
        (
            "M.S. in Water Resources Engineering",
            "Wuhan University",
            d("2013-01-01"),
            d("2013-01-01"),
            "year",
        ),
        (
            "B.S. in Water Resources Engineering",
            "Wuhan University",
            d("2011-01-01"),
            d("2011-01-01"),
            "year",
        ),
    ]
    assert education[0].description.startswith("* Disertation: [Fate and Transport")
    positions = entries(old, "position")
    assert [(p.title, p.start.date, p.end.date) for p in positions] == [
        ("Earth Scientist", d("2020-01-01"), None),  # "2020-present"
        ("Post Doctorate Research Associate", d("2017-01-01"), None),
        ("Graduate RA/TA", d("2013-01-01"), d("2017-01-01")),
        ("Summer Intern", d("2016-01-01"), d("2016-01-01")),
    ]


def test_talks_from_the_collection_with_their_kind(site):
    talks = entries(site, "talk")
    assert len(talks) == 1  # the four demo talks are skipped
    talk = talks[0]
    assert talk.title == "Paving the way to exascale for scientific applications"
    assert talk.talk_kind == "invited"  # type: "Invited Talk"
    assert talk.organisation.startswith("SC22: 3rd Workshop on Hierarchical Parallelism")
    assert talk.place == "Dallas, Texas, USA"
    assert (talk.start.date, talk.start.precision, talk.end.date) == (d("2022-11-18"), "day", None)
    # A relative slidesurl, made absolute against the site's url.
    assert talk.link == (
        "https://max-phairot-a.github.io/files/"
        "2022-slides-hipar-paving-the-way-to-exascale-for-scientific-applications.pdf"
    )
    assert "[SC22](https://sc22.supercomputing.org)" in talk.description
    assert entries(site, "teaching") == []


@pytest.mark.parametrize(
    ("type_text", "kind"),
    [
        ("Invited Talk", "invited"),
        ("Keynote", "keynote"),
        ("Poster", "poster"),
        ("Talk", "other"),
        ("Conference proceedings talk", "contributed"),
        ("Seminar", "seminar"),
    ],
)
def test_talk_kinds(type_text, kind):
    from siteimport.text.headings import talk_kind

    assert talk_kind(type_text) == kind


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("🔥 News", "news"),
        ("Honors and Awards", "awards"),
        ("Teaching Experience", "teaching"),
        ("Research experience", "positions"),
        ("Selected Publications", "publications"),
        ("Invited Talks", "talks"),
        ("Academic Service", "service"),
        ("Education", "education"),
        ("Research Interests", "interests"),
        ("Hobbies", "custom"),
    ],
)
def test_headings_that_mean_a_built_in_section(heading, kind):
    from siteimport.text.headings import section_kind

    assert section_kind(heading) == kind


# -- papers ------------------------------------------------------------------------------


def test_papers_count_kinds_and_dates(site):
    assert len(site.papers) == 12  # the template's "Paper Title Number 1" is not one
    kinds = [p.entry.kind for p in site.papers]
    assert kinds.count("conference") == 3 and kinds.count("journal") == 9  # from category
    mixnet = paper(site, "MixNet")
    assert (mixnet.entry.year, mixnet.entry.month) == (2024, 5)
    assert mixnet.entry.venue == "IEEE Internet of Things Journal"
    assert mixnet.entry.arxiv_id == "2409.04104"
    assert mixnet.origin.path == "_publications/2024-05-17-MixNet.md"


def test_owner_is_the_bold_author(site):
    mixnet = paper(site, "MixNet")
    names = [a.name for a in mixnet.entry.authors]
    assert names == ["P Autthasan", "R Chaisaen", "H Phan", "M D Vos", "T Wilaiprasitporn"]
    assert mixnet.owner_index == 0
    drowsiness = paper(site, "Drowsiness")
    assert drowsiness.entry.authors[drowsiness.owner_index].name == "P Autthasan"
    assert drowsiness.owner_index == 4
    # ", and T. Wilaiprasitporn": the last name without its "and".
    min2net = paper(site, "MIN2Net")
    assert min2net.entry.authors[-1].name == "T Wilaiprasitporn"


def test_co_first_author_from_sup_star(site):
    decoding = paper(site, "Decoding EEG Rhythms")
    flags = [(a.name, a.equal_contribution) for a in decoding.entry.authors[:3]]
    assert flags == [("R Chaisaen", False), ("P Autthasan", True), ("N Mingchinda", False)]
    assert decoding.owner_index == 1


def test_links_by_label_with_kinds(site):
    min2net = paper(site, "MIN2Net")
    assert [(link.label, link.kind, link.url) for link in min2net.links] == [
        ("Paper", "other", "https://ieeexplore.ieee.org/abstract/document/9658165"),
        ("Preprint", "arxiv", "https://arxiv.org/pdf/2102.03814"),
        ("Code", "code", "https://github.com/IoBT-VISTEC/MIN2Net"),
        ("Project page", "project", "https://min2net.github.io"),
    ]
    kratom = paper(site, "Consumer-Grade")
    assert [(link.label, link.kind) for link in kratom.links] == [
        ("Paper", "other"),
        ("Preprint", "pdf"),
    ]


def test_no_highlights_selected_or_thumbnails_where_the_site_has_none(site):
    # academicpages has no such fields; these forks add none.
    assert all(p.highlights == [] and not p.selected and p.thumbnail == "" for p in site.papers)


def test_highlights_from_emphasised_award_words():
    from siteimport.text.highlights import paper_highlights as highlights

    assert highlights("<b>Best Paper Award</b> in <i>X</i>", "**Spotlight**") == [
        "Best Paper Award",
        "Spotlight",
    ]
    assert highlights("An oral history of systems") == []  # not emphasised: not a highlight


def test_apa_citations_doi_and_et_al(old):
    nutrient = paper(old, "Groundwater flow, nutrient")
    assert [a.name for a in nutrient.entry.authors] == [
        "A C Briody",
        "M B Cardenas",
        "P Shuai",
        "P S K Knappett",
        "P C Bennett",
    ]
    assert nutrient.entry.doi == "10.1007/s10040-016-1365-3"
    assert nutrient.entry.year == 2016 and nutrient.entry.month is None  # "2016-01-01"
    assert nutrient.links[0].url == "http://link.springer.com/10.1007/s10040-016-1365-3"  # BOM gone
    dam = paper(old, "Dam Operations")
    assert [a.name for a in dam.entry.authors][:2] == ["P Shuai", "X Chen"]
    assert dam.entry.authors_truncated is True  # "et al."
    assert dam.entry.venue == "Water Resources Research"  # the BOM in venue is gone
    assert dam.links[0].kind == "doi"
    assert dam.entry.abstract.startswith("Hydrologic exchange flows (HEFs)")
    assert "Recommended citation" not in dam.entry.abstract


def test_a_citation_that_is_a_whole_bibtex_entry(old):
    phyblock = paper(old, "PhyBlock")
    assert phyblock.entry.kind == "preprint"  # the entry's arXiv journal, not "Under Review"
    assert phyblock.entry.arxiv_id == "2506.08708"
    assert [a.name for a in phyblock.entry.authors][:2] == ["Liang Ma", "Jiajun Wen"]
    assert len(phyblock.entry.authors) == 10 and phyblock.entry.authors_truncated  # "others"
    assert (phyblock.entry.year, phyblock.entry.month) == (2025, 6)
    assert [(link.kind, link.label) for link in phyblock.links] == [("arxiv", "Paper")]
