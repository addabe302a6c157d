"""Highlighted text (``==text==``) and callouts (``> [!NOTE]``) in user markdown: they
survive the allow-list sanitiser with only their own classes, and the theme colours them
readably in both colour schemes. Seed 002's red "I am looking for students" note is the
model: the same emphasis, without inline colour."""

import re
from pathlib import Path

import pytest

from labsite.branding import DARK_BACKGROUNDS, LIGHT_BACKGROUNDS, contrast_ratio
from labsite.markdown import render_markdown
from labsite.markdown_extensions import CALLOUT_LABELS

CSS = Path(__file__).resolve().parents[2] / "labsite" / "static" / "labsite" / "site.css"

# Seed 002 (AcadHomepage), its "Team" paragraph, rewritten without HTML.
RECRUITING = (
    "Now I lead the system team (DAI-Sys) in our lab. ==I am looking for students, who are "
    "excited to tackle efficiency problems in AI from an algorithm, modeling, system/hardare "
    "perspectives, to join us== ([DAI-Sys小组招生](https://dai.sjtu.edu.cn/join.html))."
)


def test_double_equals_marks_text_as_highlighted():
    html = render_markdown(RECRUITING)
    assert "<mark>I am looking for students, who are excited" in html
    assert "to join us</mark> (" in html
    assert 'href="https://dai.sjtu.edu.cn/join.html"' in html
    assert "==" not in html and "style" not in html


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("**==both==**", "<strong><mark>both</mark></strong>"),
        ("==**both**==", "<mark><strong>both</strong></mark>"),
        ("a == b and c== d", "a == b and c== d"),
        ("`==code==`", "<code>==code==</code>"),
        ("x === y", "x === y"),
    ],
)
def test_highlight_nests_and_leaves_other_equals_signs_alone(text, expected):
    assert expected in render_markdown(text)


@pytest.mark.parametrize("kind", CALLOUT_LABELS)
def test_github_alerts_become_labelled_callouts(kind):
    html = render_markdown(f"> [!{kind.upper()}]\n> I am looking for **students**.")
    assert html == (
        f'<aside class="callout callout-{kind}" role="note">\n'
        f'<p class="callout-label">{CALLOUT_LABELS[kind]}</p>\n'
        "<p>I am looking for <strong>students</strong>.</p>\n</aside>"
    )


def test_a_plain_quote_stays_a_quote_and_a_later_marker_starts_a_callout():
    html = render_markdown("> Intro.\n>\n> [!warning] Mind the gap.")
    assert html.startswith("<blockquote>\n<p>Intro.</p>\n</blockquote>")
    assert '<aside class="callout callout-warning" role="note">' in html
    assert "<p>Mind the gap.</p>" in html and "[!" not in html


def test_an_unknown_marker_is_left_as_text():
    html = render_markdown("> [!DANGER]\n> text")
    assert html.startswith("<blockquote>") and "[!DANGER]" in html


@pytest.mark.parametrize(
    ("raw", "kept", "dropped"),
    [
        (
            '<aside class="callout callout-tip big-red" style="color:red" id="x" '
            'role="button" onclick="alert(1)">t</aside>',
            '<aside class="callout callout-tip" role="note">t</aside>',
            ["big-red", "style", "id=", "button", "onclick"],
        ),
        ('<p class="callout-label hidden">x</p>', '<p class="callout-label">x</p>', ["hidden"]),
        ('<span class="callout">s</span>', "<span>s</span>", ["class"]),
        ('<mark class="callout" style="background:red">m</mark>', "<mark>m</mark>", ["style"]),
        ('<span style="color: red;">National Scholarship</span>', "<span>National", ["style"]),
    ],
)
def test_only_the_callout_classes_survive_sanitising(raw, kept, dropped):
    html = render_markdown(raw)
    assert kept in html
    for text in dropped:
        assert text not in html


def theme_variables(css: str) -> dict[str, dict[str, str]]:
    """The --mark-* and --callout-* colours of the light block and of each dark block."""
    blocks = {
        "light": css.split(":root {", 1)[1].split("}", 1)[0],
        "dark": css.split(':root[data-theme="dark"] {', 1)[1].split("}", 1)[0],
        "dark (system)": css.split(':root:not([data-theme="light"]) {', 1)[1].split("}", 1)[0],
    }
    pattern = re.compile(r"--((?:mark|callout)-[a-z-]+):\s*(#[0-9a-f]{6});")
    return {name: dict(pattern.findall(block)) for name, block in blocks.items()}


def test_highlight_and_callout_colours_read_in_both_colour_schemes():
    themes = theme_variables(CSS.read_text())
    assert themes["dark"] == themes["dark (system)"]
    for name, colours in themes.items():
        backgrounds = LIGHT_BACKGROUNDS if name == "light" else DARK_BACKGROUNDS
        assert contrast_ratio(colours["mark-text"], colours["mark-bg"]) >= 4.5, name
        for kind in CALLOUT_LABELS:
            label = colours[f"callout-{kind}"]
            for background in backgrounds:
                assert contrast_ratio(label, background) >= 4.5, (name, kind, background)
