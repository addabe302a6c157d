"""What the academicpages template itself ships, so a fork's leftovers are skipped, not
imported as the owner's: its demo publications, talks, teaching and posts, and the
placeholder values of its ``_config.yml`` (read from academicpages/academicpages.github.io;
see tests/siteimport/sites/academicpages-template/README.md)."""

from __future__ import annotations

import re

DEMO_TITLE = re.compile(
    r"^(?:paper title number \d+"
    r"|(?:talk|tutorial) \d+ on relevant topic in your field"
    r"|conference proceeding talk \d+ on relevant topic in your field"
    r"|teaching experience \d+"
    r"|blog post number \d+"
    r"|future blog post"
    r"|portfolio item number \d+)$",
    re.I,
)
# The demo files' own words, for a fork that renamed the title but kept the rest.
DEMO_TEXT = (
    "Your Name, You.",
    "This is a description of your talk",
    "This is a description of your tutorial",
    "This is a description of your conference proceedings talk",
    "This is a description of a teaching experience",
    "This paper is about the number",
)

# Pages the template ships, known by their own words: its about page explains the
# template, its CV is "GitHub University".
DEMO_PAGES = {
    "_pages/about.md": "powered by the [academicpages template]",
    "_pages/cv.md": "GitHub University",
}

# Values of the author block the template ships, by key.
PLACEHOLDER_VALUES = {
    "name": {"your sidebar name", "your name"},
    "bio": {"your biography for the left-hand sidebar"},
    "location": {"location"},
    "github": {"academicpages"},
    "twitter": {"replacethistwitterhandle"},
}
PLACEHOLDER_WORDS = ("yourfullgooglescholarurl", "yourorcidurl", "yourprofile", "term=john+snow")


def demo_reason(title: str, text: str = "") -> str:
    """Why an item is the template's own demo, or "" when it is the owner's."""
    if DEMO_TITLE.match(title.strip()):
        return f"the academicpages template's demo entry “{title.strip()}”"
    if any(words in text for words in DEMO_TEXT):
        return "text of the academicpages template's demo entries"
    return ""


def placeholder_reason(key: str, value: str) -> str:
    """Why a config value is the template's placeholder, or ""."""
    lowered = value.strip().lower()
    if lowered in PLACEHOLDER_VALUES.get(key, ()):
        return f"the academicpages template's placeholder {key}: {value!r}"
    if any(word in lowered for word in PLACEHOLDER_WORDS):
        return f"the academicpages template's placeholder address for {key}: {value!r}"
    return ""


def demo_page_reason(path: str, text: str) -> str:
    marker = DEMO_PAGES.get(path)
    if marker and marker in text:
        return "the academicpages template's own page, not the owner's"
    return ""
