"""Helpers the plain-markdown reader and the writer share, not yet in ``siteimport.markup``
(the lead may move them there): e-mail addresses as pages obfuscate them, link kinds from a
label or an address, and the sections a heading means."""

from __future__ import annotations

import re

from labsite.links import is_email
from labsite.sections import SectionKind

# "jane (at) x (dot) org", "jane [at] x.org", "jane at x dot org", "jane@x.org".
_AT = re.compile(r"\s*(?:\[at\]|\(at\)|\{at\}|<at>|\s+at\s+|@)\s*", re.IGNORECASE)
_DOT = re.compile(r"\s*(?:\[dot\]|\(dot\)|\{dot\}|<dot>|\s+dot\s+)\s*", re.IGNORECASE)


def deobfuscate_email(written: str) -> str:
    """The address an obfuscated e-mail stands for, or "" when it cannot be known (e.g.
    "contact (at) [my first name] (dot) net" leaves a riddle to the reader)."""
    text = written.strip().strip("<>").removeprefix("mailto:")
    text = _DOT.sub(".", _AT.sub("@", text, count=1))
    return text if is_email(text) else ""


def is_obfuscated_email(written: str) -> bool:
    return not is_email(written.strip().removeprefix("mailto:"))


# Publication link kinds (publications.choices.LinkKind values) by the label a page gives.
_PAPER_LABELS = (
    (re.compile(r"arxiv", re.I), "arxiv"),
    (re.compile(r"\b(?:paper|pdf)\b", re.I), "pdf"),
    (re.compile(r"\b(?:code|github)\b", re.I), "code"),
    (re.compile(r"\bdoi\b", re.I), "doi"),
    (re.compile(r"\bblog\b", re.I), "blog"),
    (re.compile(r"\bslides?\b", re.I), "slides"),
    (re.compile(r"\b(?:video|talk|youtube)\b", re.I), "video"),
    (re.compile(r"\bposter\b", re.I), "poster"),
    (re.compile(r"\b(?:data|dataset)\b", re.I), "dataset"),
    (re.compile(r"\b(?:website|project|page|demo)\b", re.I), "project"),
)


def paper_link_kind(label: str, url: str) -> str:
    if re.search(r"//(?:www\.)?arxiv\.org/", url, re.I) and not label:
        return "arxiv"
    return next((kind for pattern, kind in _PAPER_LABELS if pattern.search(label)), "other")


# Person link kinds (people.PersonLink.Kind values) by the host of the address.
_PERSON_HOSTS = (
    ("scholar.google.", "scholar"),
    ("orcid.org", "orcid"),
    ("github.com", "github"),
    ("twitter.com", "x"),
    ("//x.com", "x"),
    ("linkedin.com", "linkedin"),
    ("dblp.", "dblp"),
    ("semanticscholar.org", "semantic-scholar"),
)


def person_link_kind(url: str) -> str:
    lowered = url.lower()
    return next((kind for host, kind in _PERSON_HOSTS if host in lowered), "other")


# Headings that mean a built-in section, by the words they contain (checked in order).
_HEADING_KINDS = (
    (re.compile(r"publications?|papers", re.I), SectionKind.PUBLICATIONS),
    (re.compile(r"\bnews\b|updates", re.I), SectionKind.NEWS),
    (re.compile(r"awards?|honou?rs?", re.I), SectionKind.AWARDS),
    (re.compile(r"educations?", re.I), SectionKind.EDUCATION),
    (re.compile(r"experience|employment|positions", re.I), SectionKind.POSITIONS),
    (re.compile(r"teaching", re.I), SectionKind.TEACHING),
    (re.compile(r"\btalks?\b|presentations", re.I), SectionKind.TALKS),
    (re.compile(r"\bservice\b", re.I), SectionKind.SERVICE),
    (re.compile(r"research interests", re.I), SectionKind.INTERESTS),
)


def heading_kind(heading: str) -> str:
    """The built-in section kind a heading means, else "custom"."""
    return next(
        (str(kind) for pattern, kind in _HEADING_KINDS if pattern.search(heading)),
        str(SectionKind.CUSTOM),
    )
