"""The Hugo Blox / Wowchemy reader against real sites (tests/siteimport/sites/hugo-blox/,
sources in its README): item by item, from a folder and from a zip."""

from __future__ import annotations

import dataclasses
import datetime
import re
import shutil
from pathlib import Path

import pytest

from siteimport.formats import hugoblox
from siteimport.source import open_site
from siteimport.text.cleaning import blocks_to_markdown as clean_markdown
from tests.siteimport.helpers import zipped

SITES = Path(__file__).parent / "sites" / "hugo-blox"
LAYOUTS = ("academic", "widgets", "blocks", "kit", "template")


def read(name: str):
    return hugoblox.read(open_site(SITES / name))


def by_title(items, title):
    found = [item for item in items if item.title == title]
    assert len(found) == 1, [item.title for item in items]
    return found[0]


def paper(data, start):
    found = [p for p in data.papers if p.entry.title.startswith(start)]
    assert len(found) == 1, [p.entry.title for p in data.papers]
    return found[0]


def when(site_date):
    return site_date.date, site_date.precision


def skipped_reason(data, what_contains):
    reasons = [s.reason for s in data.skipped if what_contains in s.what]
    assert reasons, [s.what for s in data.skipped]
    return reasons[0]


# --- detection -----------------------------------------------------------------------


@pytest.mark.parametrize("name", LAYOUTS)
def test_detect_scores_every_layout_of_the_theme_high(name):
    source = open_site(SITES / name)
    assert hugoblox.detect(source) == 100  # their go.mod names the theme's modules


def test_detect_without_go_mod_still_knows_the_theme_by_its_author_profile(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(SITES / "widgets", site)
    (site / "go.mod").unlink()
    assert hugoblox.detect(open_site(site)) == 80


def test_detect_is_zero_for_other_sites(tmp_path):
    # A GitHub Pages page (sites.md: "_config.yml may hold nothing but the theme") and a
    # Hugo site of another theme.
    jekyll = tmp_path / "jekyll"
    jekyll.mkdir()
    (jekyll / "_config.yml").write_text("theme: jekyll-theme-minimal\n")
    (jekyll / "index.md").write_text("# Jane Doe\n\nI study things.\n")
    other_hugo = tmp_path / "hugo"
    (other_hugo / "content" / "posts").mkdir(parents=True)
    (other_hugo / "go.mod").write_text(
        "module example.org/blog\n\nrequire github.com/adityatelange/hugo-PaperMod v0.0.0\n"
    )
    (other_hugo / "content" / "posts" / "first.md").write_text("---\ntitle: First\n---\nHi\n")
    assert hugoblox.detect(open_site(jekyll)) == 0
    assert hugoblox.detect(open_site(other_hugo)) == 0


def test_detect_is_zero_for_the_other_themes_test_sites():
    """Every other reader's test site (tests/siteimport/sites/<format>/[<site>/]), as the
    branches are merged: none of them is a Hugo Blox site."""
    others = [folder for folder in SITES.parent.iterdir()
              if folder.is_dir() and folder.name != "hugo-blox"]
    for folder in others:
        for site in [folder, *(sub for sub in folder.iterdir() if sub.is_dir())]:
            assert hugoblox.detect(open_site(site)) == 0, site


# --- v5 widgets (1zb/starter-academic) -----------------------------------------------


def test_widgets_profile():
    data = read("widgets")
    profile = data.profile
    assert (profile.name, profile.position, profile.affiliation) == (
        "Biao Zhang", "PhD candidate", "KAUST"
    )
    assert profile.bio.startswith("My research interests include machine learning")
    assert profile.about.startswith("Biao Zhang is a PhD candidate in Computer Science")
    assert "[Prof. Peter Wonka](http://peterwonka.net/)" in profile.about
    assert "staticref" not in profile.about and "resumé" not in profile.about  # was a comment
    # params.yaml's contact e-mail, written for people: kept as text, never a mailto.
    assert profile.email == "biao.zhang [at] kaust.edu.sa"
    assert profile.email_obfuscated is True
    assert [(link.kind, link.url) for link in profile.links] == [
        ("scholar", "https://scholar.google.com/citations?user=h5KukxEAAAAJ"),
        ("github", "https://github.com/1zb"),
    ]  # the envelope icon's '#contact' points at the page itself: not a link
    assert profile.photo == ""  # the site keeps only avatar.jpg.bak
    assert profile.address == ""  # commented out in params.yaml
    assert profile.origin.path == "content/authors/admin/_index.md"
    assert [i.title for i in data.interests] == [
        "Artificial Intelligence", "Machine Learning", "Deep Learning", "3D Vision"
    ]


def test_widgets_sections_in_weight_order_with_the_pages_headings():
    data = read("widgets")
    assert [(s.kind, s.heading) for s in data.sections] == [
        ("about", "Biography"),
        ("interests", "Interests"),
        ("education", "Education"),
        ("news", "News"),
        ("publications", "Recent Publications"),
        ("awards", "Accomplishments"),  # 'Accomplish&shy;ments' on the page
        ("links", "Contact"),
    ]
    publications = data.sections[4]
    assert publications.body == (
        "Find more publications via "
        "[Google Scholar](https://scholar.google.com/citations?user=h5KukxEAAAAJ)."
    )  # the callout shortcode around it is gone


def test_widgets_switched_off_and_unsupported_sections_are_reported_not_dropped():
    data = read("widgets")
    assert "active: false" in skipped_reason(data, "“Academic Template”")  # TOML front matter
    assert "active: false" in skipped_reason(data, "“Experience”")
    assert "active: false" in skipped_reason(data, "“Featured Publications”")
    assert "portfolio" in skipped_reason(data, "“Projects”")


def test_widgets_news_list_is_dated_to_the_day_with_file_lines():
    data = read("widgets")
    assert len(data.news) == 10
    first = data.news[0]
    assert when(first.date) == (datetime.date(2023, 3, 11), "day")
    assert first.text.startswith("The MEP-3M dataset, previously awarded as IJCAI 2021")
    assert "[published at _Pattern Recognition_](https://www.sciencedirect.com/" in first.text
    assert when(data.news[-1].date) == (datetime.date(1999, 3, 19), "day")
    lines = (SITES / "widgets" / "content/home/news.md").read_text().split("\n")
    for item in data.news:
        assert item.origin.path == "content/home/news.md"
        assert lines[item.origin.line - 1].startswith(f"- **{item.date.date.isoformat()}**")


def test_widgets_education_accomplishments_and_teaching_at_their_precision():
    data = read("widgets")
    education = [e for e in data.cv if e.kind == "education"]
    phd = by_title(education, "PhD in Computer Science")
    assert phd.organisation == "King Abdullah University of Science and Technology"
    assert when(phd.start) == (datetime.date(2018, 1, 1), "year")  # "2018-"
    assert when(phd.end) == (None, "none")
    msc = by_title(education, "MSc in Mathematics")
    assert (when(msc.start), when(msc.end)) == (
        (datetime.date(2011, 1, 1), "year"), (datetime.date(2014, 1, 1), "year")
    )
    # The accomplishments widget shows "Jan 2006": months, though its items carry days.
    (icpc,) = data.awards
    assert icpc.title == "The ICPC International Collegiate Programming Contest"
    assert (icpc.granting_body, icpc.description) == ("ACM/ICPC", "Bronze Medal")
    assert when(icpc.date) == (datetime.date(2008, 10, 1), "month")  # "2008-10-12"
    teaching = [e for e in data.cv if e.kind == "teaching"]
    assert [e.title for e in teaching] == [
        "Teaching Assistant of CS390DD Special Topics in Machine Learning",
        "Teaching Assistant of CS323 Deep Learning for Visual Computing",
    ]
    assert {e.start.precision for e in teaching} == {"month"}
    assert not [e for e in data.cv if e.kind == "position"]  # the demo experience is off


def test_widgets_papers_from_cite_bib_with_what_the_page_adds():
    data = read("widgets")
    assert len(data.papers) == 4
    dilg = paper(data, "3DILG")
    entry = dilg.entry
    assert entry.title == "3DILG: Irregular Latent Grids for 3D Generative Modeling"
    assert [a.name for a in entry.authors] == ["Biao Zhang", "Matthias Nießner", "Peter Wonka"]
    assert (entry.kind, entry.year) == ("conference", 2022)
    assert entry.venue == "Thirty-Sixth Conference on Neural Information Processing Systems"
    assert entry.venue_short == "NeurIPS 2022"  # publication_short "In *NeurIPS 2022*"
    assert [(link.kind, link.label, link.url) for link in dilg.links] == [
        ("arxiv", "", "https://arxiv.org/abs/2205.13914"),
        ("code", "", "https://github.com/1zb/3DILG/"),
        ("other", "OpenReview", "https://openreview.net/forum?id=RO0wSr3R7y-"),
        ("project", "Project Website", "https://1zb.github.io/3DILG/"),
    ]
    assert dilg.selected is False and dilg.thumbnail == "" and dilg.highlights == []
    assert dilg.owner_index == 0  # "admin" on the page
    assert dilg.origin.path == "content/publication/3dilg/index.md"


def test_a_cite_bib_of_another_paper_is_not_trusted():
    data = read("widgets")
    probe = paper(data, "Point cloud instance segmentation")
    assert [a.name for a in probe.entry.authors] == ["Biao Zhang", "Peter Wonka"]  # admin
    assert (probe.entry.year, probe.entry.month, probe.entry.venue_short) == (2021, 3, "CVPR 2021")
    assert any("content/publication/prob-embed/cite.bib describes another paper" in w
               for w in data.warnings)


def test_widgets_demo_leftovers_are_skipped_with_the_reason():
    data = read("widgets")
    assert "demo content" in skipped_reason(data, "“An example conference paper”")
    assert "demo content" in skipped_reason(data, "“Example Talk”")
    assert "demo content" in skipped_reason(data, "“Welcome to Wowchemy")
    assert not [e for e in data.cv if e.kind == "talk"]
    assert not [n for n in data.news if n.title]


# --- the Academic theme as a git submodule, TOML widgets (GeoffNN) -------------------


def test_academic_profile_with_the_contact_widgets_address_from_params_toml():
    data = read("academic")
    profile = data.profile
    assert (profile.name, profile.position, profile.affiliation) == (
        "Geoffrey Négiar", "PhD Student", "UC Berkeley, BAIR"
    )  # the older "name:" key
    assert (profile.email, profile.email_obfuscated) == ("geoffrey_negiar@berkeley.edu", False)
    assert profile.address == "2121 Berkeley Way\nBerkeley, CA 94704\nUnited States"
    assert [link.kind for link in profile.links] == ["x", "scholar", "github", "linkedin"]
    assert "not a web address" in skipped_reason(data, "“cv” (files/cv.pdf)")
    assert "Diplôme d'Ingénieur" in [e.title for e in data.cv if e.kind == "education"]


def test_academic_toml_widgets_talks_service_and_posts():
    data = read("academic")
    assert [(s.kind, s.heading) for s in data.sections] == [
        ("about", "Biography"), ("interests", "Interests"), ("education", "Education"),
        ("custom", "News"),  # "06/2021: …" lines: not a list read_dates knows
        ("news", "Recent Posts"), ("publications", "Featured Publications"),
        ("talks", "Recent & Upcoming Talks"),  # '[Recent & Upcoming Talks](talk/)'
        ("service", "Reviewing"), ("links", "Contact"),
    ]
    news = data.sections[3].body
    assert news.startswith("06/2021: I'm interning at Google Brain Montréal")
    assert "(**G. Negiar**, G. Dresdner" in news
    assert [e.title for e in data.cv if e.kind == "service"] == [
        "ICLR 2021", "NeurIPS 2021", "ICML 2020"
    ]
    talks = [e for e in data.cv if e.kind == "talk"]
    assert [(t.title, t.organisation, t.place, when(t.start)) for t in talks] == [
        ("Stochastic Frank-Wolfe", "Montreal Optimization Meet-up", "online",
         (datetime.date(2020, 4, 30), "day")),
        ("Linearly Convergent Frank-Wolfe without Prior Knowledge", "OPT2019",
         "Vancouver, Canada", (None, "none")),  # only a publishDate: no date is guessed
    ]
    assert talks[0].link == "https://mtl-mlopt.github.io/"
    (post,) = data.news
    assert (post.title, when(post.date)) == (
        "Plat en Sauce Abstraction", (datetime.date(2017, 5, 30), "day")
    )
    assert "draft" in skipped_reason(data, "“Stochastic Frank-Wolfe”")


def test_academic_papers_prefer_what_the_page_shows():
    data = read("academic")
    linearly = paper(data, "Linearly Convergent Frank-Wolfe")
    # cite.bib is the arXiv record; the page says AISTATS 2020, a conference paper ("1").
    assert (linearly.entry.venue, linearly.entry.kind) == ("AISTATS 2020", "conference")
    assert linearly.entry.arxiv_id == "1806.05123" and linearly.selected is True
    stochastic = paper(data, "Stochastic Frank-Wolfe for Constrained")
    names = [a.name for a in stochastic.entry.authors]
    assert names[0] == "Geoffrey Négiar"  # "geoff", the owner's folder
    assert "Robert Freund" in names and names[-1] == "Fabian Pedregosa"  # not 'Pedregosa"'
    assert any("negiar-stochastic-2020/cite.bib lists 6 authors, its page 7" in w
               for w in data.warnings)
    # The owner by the page's "geoff", or by name without the accent ("Geoffrey Negiar").
    assert [p.owner_index for p in data.papers] == [1, 0, 1]


# --- sections blocks (ChenDelong1999) ------------------------------------------------


def test_blocks_profile_and_links_with_kinds():
    profile = read("blocks").profile
    assert profile.name == "Delong Chen"
    assert profile.affiliation == "Visiting Researcher at Meta FAIR Paris; Ph.D. Candidate at HKUST"
    assert (profile.email, profile.email_obfuscated) == ("delong.chen@connect.ust.hk", False)
    assert profile.photo == "content/authors/admin/avatar.jpeg"
    kinds = [(link.kind, link.url) for link in profile.links]
    assert kinds[:4] == [
        ("scholar", "https://scholar.google.com/citations?user=7PW095gAAAAJ"),
        ("github", "https://github.com/ChenDelong1999"),
        ("linkedin", "https://www.linkedin.com/in/chendelong/"),
        ("x", "https://twitter.com/Delong0_0"),
    ]
    assert {kind for kind, _ in kinds[4:]} == {"other"}  # facebook, bilibili, zhihu
    assert not any(url.startswith("mailto:") for _, url in kinds)
    assert "[Prof. Pascale Fung](https://pascale.home.ece.ust.hk/about.html)" in profile.about
    assert "text-align" not in profile.about


def test_blocks_sections_keep_html_blocks_as_markdown_in_place():
    data = read("blocks")
    assert [(s.kind, s.heading) for s in data.sections] == [
        ("about", ""), ("custom", ""), ("custom", ""),
    ]
    awards, papers = data.sections[1].body, data.sections[2].body
    assert awards.startswith("**Awards**\n\n- **Best Paper** at AAAI 2023 Inaugural Summer")
    assert "**Teaching Assistant**" in awards
    assert "[**RemoteCLIP: A Vision Language Foundation Model for Remote Sensing**]" in papers
    assert "![](figures/remoteclip.jpg)" in papers
    assert [s.origin.line for s in data.sections] == [8, 33, 80]
    assert "portfolio" in skipped_reason(data, "“🎻”")
    assert "shortcodes" in skipped_reason(data, "“📸”")  # a gallery shortcode, nothing else


def test_blocks_papers_co_first_from_author_notes_selected_thumbnail_highlight():
    data = read("blocks")
    assert [p.owner_index for p in data.papers] == [1, 2]
    remote = paper(data, "RemoteCLIP")
    assert [(a.name, a.equal_contribution) for a in remote.entry.authors][:2] == [
        ("Fan Liu", False), ("Delong Chen", True),  # author_notes: "Joint First Author"
    ]
    assert (remote.entry.kind, remote.entry.arxiv_id) == ("preprint", "2306.11029")
    assert remote.selected is True  # featured: true
    assert remote.thumbnail == "content/publication/arxiv2023remoteclip/featured.png"
    assert [(link.kind, link.url) for link in remote.links] == [
        ("pdf", "https://arxiv.org/abs/2306.11029"),
        ("code", "https://github.com/ChenDelong1999/RemoteCLIP"),
    ]
    few = paper(data, "Few-shot Classification via Ensemble")
    assert few.highlights == ["Oral"]  # "In _IJCAI-23_ (oral) [[arxiv](…)]"
    assert few.entry.venue_short == "IJCAI-23"
    assert "not a web address" in skipped_reason(data, "“pdf” of “Few-shot Classification")


# --- the newest kit (AlexandreAmice) -------------------------------------------------


def test_kit_profile_cv_and_sections_from_data_authors():
    data = read("kit")
    profile = data.profile
    assert profile.name == "Alexandre Amice"
    assert profile.position == "Recent PhD Graduate from MIT CSAIL/LIDS"
    assert profile.origin.path == "data/authors/me.yaml"
    assert "**I am on the job market!**" in profile.about
    assert [link.kind for link in profile.links] == ["github", "linkedin", "scholar"]
    assert [i.title for i in data.interests] == ["Optimization", "Robotics", "Motion Planning"]
    phd = by_title([e for e in data.cv if e.kind == "education"],
                   "PhD Electrical Engineering and Computer Science")
    assert when(phd.start) == (datetime.date(2020, 8, 1), "month")
    assert len([e for e in data.cv if e.kind == "position"]) == 4
    intern = by_title(data.cv, "Research Intern")
    assert (intern.organisation, when(intern.end)) == (
        "Robotics and AI Institute", (datetime.date(2023, 9, 1), "month")  # "2023-09-30"
    )
    assert [(s.kind, s.heading) for s in data.sections] == [
        ("about", ""), ("interests", "Interests"), ("education", "Education"),
        ("custom", "CV"), ("positions", "Experience"),
    ]
    assert "languages list" in skipped_reason(data, "languages")


def test_kit_papers_co_first_marks_and_award_highlight():
    data = read("kit")
    assert len(data.papers) == 5
    assert [p.owner_index for p in data.papers] == [0, 0, 2, 2, 1]  # full names on the page
    finding = paper(data, "Finding and Optimizing Certified")
    assert [(a.name, a.equal_contribution) for a in finding.entry.authors][:3] == [
        ("Alexandre Amice", True), ("Hongkai Dai", True), ("Peter Werner", False),
    ]
    assert finding.highlights == ["Outstanding Paper Award"]  # cite.bib note
    assert finding.entry.venue == "Workshop on the Algorithmic Foundations of Robotics"
    cohn = paper(data, "A Framework for Combining")  # no cite.bib: the front matter
    assert (cohn.entry.kind, cohn.entry.arxiv_id, cohn.entry.year) == (
        "preprint", "2602.05092", 2026
    )
    werner = paper(data, "Approximating Robot Configuration Spaces")
    assert werner.thumbnail == "content/publication/werner-2024-approximate/featured.png"


# --- the untouched template: all of it is the theme's ----------------------------------


def test_template_leftovers_are_all_skipped_with_reasons():
    data = read("template")
    assert data.profile.name == "" and data.profile.links == [] and data.profile.email == ""
    assert "demo author" in skipped_reason(data, "“Dr. Alex Johnson”")
    assert (data.papers, data.news, data.cv, data.awards, data.interests) == ([], [], [], [], [])
    for title in ("An example conference paper", "An example journal article",
                  "An example preprint / working paper",
                  "Create Beautiful Presentations with Markdown",
                  "🎉 Easily create your own simple yet highly customizable blog",
                  "📚 My Research", "👉 Build your own academic website like this"):
        assert "demo" in skipped_reason(data, f"“{title}”")
    everything = repr(data.profile) + repr(data.sections)
    assert "Alex Johnson" not in everything and "example.com" not in everything


# --- every site ------------------------------------------------------------------------

_FORBIDDEN = re.compile(
    r"<script|style=|\{% |\{\{[<%]|<!--|&nbsp;|&shy;"
    r"|</?(?:div|span|font|ul|li|br|p|a|img|i|u|strong)\b",
    re.I,
)


def strings(value):
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value):
        for item in dataclasses.fields(value):
            yield from strings(getattr(value, item.name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings(item)


@pytest.mark.parametrize("name", LAYOUTS)
def test_nothing_forbidden_is_left_in_any_text_field(name):
    data = read(name)
    data.skipped = []  # what was skipped is quoted as the site wrote it, for the report
    leftovers = [text[:120] for text in strings(data) if _FORBIDDEN.search(text)]
    assert leftovers == []


@pytest.mark.parametrize("name", LAYOUTS)
def test_every_item_names_a_file_of_the_site(name):
    data = read(name)
    files = set(open_site(SITES / name).files())
    items = [*data.sections, *data.news, *data.awards, *data.cv, *data.papers]
    assert items or name == "template"
    for item in [*items, *data.skipped]:
        assert item.origin is not None and item.origin.path in files, item


@pytest.mark.parametrize("name", LAYOUTS)
def test_folder_and_zip_give_the_same_data(name, tmp_path):
    from_folder = read(name)
    from_zip = hugoblox.read(open_site(zipped(SITES / name, tmp_path)))
    assert from_zip == from_folder


def test_clean_markdown_turns_hugo_shortcodes_into_markdown():
    text = (
        '{{< icon name="download" pack="fas" >}} Download my '
        '{{< staticref "uploads/cv.pdf" "newtab" >}}CV{{< /staticref >}}.\n'
        '{{% callout note %}}\nSee [all](./publication/).\n{{% /callout %}}\n'
        '{style="text-align: justify;"}\n'
        '{{< figure src="a.png" title="A figure" >}}'
    )
    assert clean_markdown(text) == (
        "Download my [CV](uploads/cv.pdf).\n\nSee [all](./publication/).\n\n![A figure](a.png)"
    )
