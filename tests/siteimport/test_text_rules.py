"""The shared text rules (siteimport/text/) and what each reader gains from using them:
one heading table, one obfuscated-address rule, one badge rule, one HTML converter."""

import shutil
from pathlib import Path

from siteimport.formats import acadhomepage, alfolio, hugoblox, labtemplate
from siteimport.source import open_site
from siteimport.text.blocks import split_blocks
from siteimport.text.contact import is_obfuscated_email
from siteimport.text.from_html import html_to_markdown
from siteimport.text.frontmatter import front_matter
from siteimport.text.headings import section_kind

SITES = Path(__file__).parent / "sites"


def copy_of(site: str, tmp_path: Path) -> Path:
    return Path(shutil.copytree(SITES / site, tmp_path / "site"))


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is no longer in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_one_heading_table_for_every_theme():
    assert [section_kind(h) for h in (
        "🔥 News", "📖 Educations", "🎖 Honors and Awards", "💬 Invited Talks",
        "Teaching Experience", "Research experience", "💻 Internships", "Academic Activities",
        "Awards and Grants", "Selected Publications", "Research Interests", "About me",
        "Contact", "Open Source Projects", "About the microscope",
    )] == [
        "news", "education", "awards", "talks", "teaching", "positions", "positions",
        "service", "awards", "publications", "interests", "about", "links", "custom",
        "custom",
    ]  # fmt: skip


def test_acadhomepage_teaching_experience_is_teaching_not_a_position(tmp_path):
    site = copy_of("acadhomepage", tmp_path)
    append(site / "_pages/about.md", "\n# 🧑‍🏫 Teaching Experience\n"
           "- *2023.09 - 2024.01*, Teaching Assistant of Machine Learning, Xidian University\n")
    data = acadhomepage.read(open_site(site))
    assert (data.sections[-1].kind, data.sections[-1].heading) == (
        "teaching", "🧑‍🏫 Teaching Experience"
    )  # fmt: skip


def test_alfolio_awards_and_grants_is_an_awards_section(tmp_path):
    site = copy_of("al-folio/newer", tmp_path)
    append(site / "_pages/about.md", "\n\n### Awards and Grants\n\n- 2023: NSF CAREER Award\n")
    data = alfolio.read(open_site(site))
    assert ("awards", "Awards and Grants") in [(s.kind, s.heading) for s in data.sections]


def test_alfolio_a_linked_badge_leaves_no_empty_link(tmp_path):
    site = copy_of("al-folio/newer", tmp_path)
    about = site / "_pages/about.md"
    badge = "[![GitHub stars](https://img.shields.io/github/stars/x/y)](https://github.com/x/y)"
    replace_in(about, "### News", f"{badge}\n\n### News")
    data = alfolio.read(open_site(site))
    texts = [data.profile.about] + [s.body for s in data.sections]
    assert not [t for t in texts if "](https://github.com/x/y)" in t or "shields" in t]


def test_labtemplate_an_in_page_link_keeps_its_words(tmp_path):
    site = copy_of("lab-template", tmp_path)
    append(site / "_pages/home.md",
           '\n<p>Questions? <a href="#contact">Write to us</a> any time.</p>\n')
    data = labtemplate.read(open_site(site))
    assert "Questions? Write to us any time." in data.profile.about


def test_hugo_an_address_with_dot_spelled_out_is_obfuscated(tmp_path):
    site = copy_of("hugo-blox/academic", tmp_path)
    page = site / "content/authors/geoff/_index.md"
    replace_in(
        page,
        'email: "geoffrey_negiar@berkeley.edu"', 'email: "geoffrey_negiar@berkeley [dot] edu"',
    )
    profile = hugoblox.read(open_site(site)).profile
    assert (profile.email, profile.email_obfuscated) == (
        "geoffrey_negiar@berkeley [dot] edu", True
    )  # fmt: skip


def test_obfuscated_addresses_as_pages_write_them():
    for email in ("jane [at] x.edu", "jane (at) x (dot) edu", "jane at x dot edu",
                  "jane{at}x.edu", "jane@x [dot] edu", "contact (at) [my first name] (dot) net"):
        assert is_obfuscated_email(email), email
    assert not is_obfuscated_email("jane.atkins@x.edu")
    assert not is_obfuscated_email("")


def test_html_inside_markdown_is_converted_without_escaping_the_markdown():
    assert html_to_markdown("<b>snake_case</b> *x*", escape=False) == "**snake_case** *x*"
    assert html_to_markdown("<b>snake_case</b> *x*") == "**snake\\_case** \\*x\\*"


def test_headings_split_atx_and_setext_never_inside_code():
    body = "Intro\n\nNews\n----\n- one\n\n```\n# not a heading\n```\n# Awards\nText"
    blocks = split_blocks(body, 10)
    assert [(b.heading, b.level, b.line, b.first_line) for b in blocks] == [
        ("", 0, 10, 10), ("News", 2, 12, 14), ("Awards", 1, 19, 20)
    ]  # fmt: skip
    assert "# not a heading" in blocks[1].text
    assert [b.heading for b in split_blocks(body, 1, max_level=1)] == ["", "Awards"]


def test_front_matter_yaml_and_toml_with_the_body_line():
    assert front_matter("---\ntitle: A\n---\n\nBody", "a.md") == ({"title": "A"}, "Body", 5)
    meta, body, line = front_matter('+++\ntitle = "B"\n+++\nBody', "b.md")
    assert (meta, body, line) == ({"title": "B"}, "Body", 4)


def test_acadhomepage_talk_brackets_read_by_the_shared_talk_kinds(tmp_path):
    site = copy_of("acadhomepage", tmp_path)
    about = site / "_pages/about.md"
    replace_in(
        about,
        "# 💬 Presentation\n",
        "# 💬 Presentation\n"
        "- *2025.09*, \\[Plenary Talk\\] Serving LLMs at scale, HPCA 2025 @Las Vegas, USA\n"
        "- *2025.07*, \\[Contributed\\] Sparse attention on GPUs, DAC 2025 @San Francisco, USA\n",
    )
    talks = [e for e in acadhomepage.read(open_site(site)).cv if e.kind == "talk"]
    assert [(t.title[:14], t.talk_kind) for t in talks[:2]] == [
        ("Serving LLMs a", "keynote"), ("Sparse attenti", "contributed")
    ]  # fmt: skip


def test_alfolio_an_oral_talk_has_its_kind(tmp_path):
    site = copy_of("al-folio/newer", tmp_path)
    append(site / "_pages/about.md",
           "\n\n### Talks\n\n- 2024.05: Oral at MLSys 2024, FlashDecoding++\n")
    talks = [e for e in alfolio.read(open_site(site)).cv if e.kind == "talk"]
    assert [t.talk_kind for t in talks if "MLSys" in t.title] == ["oral"]


def test_acadhomepage_journal_subheading_sets_the_kind(tmp_path):
    # The venue (JSSC) does not say journal by itself; the owner's sub-heading does.
    site = copy_of("acadhomepage", tmp_path)
    about = site / "_pages/about.md"
    replace_in(
        about,
        "\n- `IEEE TCAD 2026`",
        "\n## Journal Articles\n\n- `JSSC 2025`, [A Sparse Attention Accelerator in 28nm]"
        "(https://ieeexplore.ieee.org/document/1), **Jiaming Xu**, Guohao Dai\n\n"
        "- `IEEE TCAD 2026`",
    )
    papers = acadhomepage.read(open_site(site)).papers
    (jssc,) = [p for p in papers if p.entry.title.startswith("A Sparse Attention")]
    assert jssc.entry.kind == "journal"


def test_labtemplate_a_title_linking_to_its_repository_is_a_code_link(tmp_path):
    site = copy_of("lab-template", tmp_path)
    page = site / "_pages/publications.md"
    replace_in(
        page,
        "**[MagicPIG: LSH Sampling for Efficient LLM Generation](https://arxiv.org/abs/2410.16179)**",
        "**[MagicPIG: LSH Sampling for Efficient LLM Generation](https://github.com/Infini-AI-Lab/MagicPIG)**",
    )
    (magicpig,) = [p for p in labtemplate.read(open_site(site)).papers
                   if p.entry.title.startswith("MagicPIG")]
    assert [(link.kind, link.url) for link in magicpig.links] == [
        ("code", "https://github.com/Infini-AI-Lab/MagicPIG")
    ]  # fmt: skip


def test_paper_link_kinds_by_version_label_and_address():
    from siteimport.text.links import paper_link_kind

    assert [paper_link_kind(label, url) for label, url in (
        ("Paper", "https://arxiv.org/abs/2410.16179"),
        ("Paper", "https://openreview.net/forum?id=x"),
        ("Slides", "https://github.com/x/y/blob/main/slides.pdf"),
        ("", "https://github.com/x/y"),
        ("Blog post", "https://x.github.io/post"),
        ("Project page", "https://x.github.io/"),
        ("", "https://dl.acm.org/doi/pdf/10.1145/1"),
        ("", "https://example.org/"),
    )] == ["arxiv", "pdf", "slides", "code", "blog", "project", "pdf", "other"]


def test_acadhomepage_a_placeholder_username_is_skipped_as_al_folio_skips_it(tmp_path):
    site = copy_of("acadhomepage", tmp_path)
    config = site / "_config.yml"
    replace_in(
        config,
        'github           : "MathsCode"', 'github           : "yourusername"',
    )
    data = acadhomepage.read(open_site(site))
    assert "github" not in [link.kind for link in data.profile.links]
    assert any("github" in item.what for item in data.skipped)


def test_a_whole_element_on_a_line_keeps_its_literal_asterisk_escaped():
    from siteimport.text.from_html import line_to_markdown

    assert line_to_markdown("<b>* equal contributions</b>") == "**\\* equal contributions**"
