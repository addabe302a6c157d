"""What a section heading means: one table for every theme. The heading itself is always
kept as the owner wrote it; this only says which built-in section it is, else "custom"."""

from __future__ import annotations

import re

from labsite.sections import SectionKind

# Tried in this order on the heading's words (emoji and punctuation gone, lower case); the
# first that matches wins: "Teaching experience" is teaching, "Research experience" a
# position, "Honors and Awards" awards, "Invited Talks" talks.
_KINDS = (
    (SectionKind.TEACHING, r"teaching|courses"),
    (SectionKind.TALKS, r"\btalks?\b|presentations?|keynotes?|\bevents\b"),
    (SectionKind.SERVICE,
     r"services?\b|reviewers?|reviewing|committees?|volunteer|\bactivities\b"),
    (SectionKind.AWARDS,
     r"awards?|hono(?:u)?rs?\b|achievements?|prizes?|grants?\b|accomplish"),
    (SectionKind.NEWS, r"\bnews\b|updates?\b|announcements?|what'?s new"),
    (SectionKind.INTERESTS, r"interests?\b|research areas?"),
    (SectionKind.EDUCATION, r"educations?\b"),
    (SectionKind.PUBLICATIONS, r"publications?|papers?\b|preprints?"),
    (SectionKind.POSITIONS,
     r"experiences?|employment|positions?\b|appointments?|career|internships?|\bintern\b"),
    # Whole headings only: "About the lab's equipment" is the owner's own section.
    (SectionKind.ABOUT, r"^(?:about(?: me)?|bio(?:graphy)?)$"),
    (SectionKind.LINKS, r"^contact(?: me| info(?:rmation)?)?$"),
)
_PATTERNS = [(kind, re.compile(words)) for kind, words in _KINDS]
_NOT_WORDS = re.compile(r"[^a-z0-9' &]+")


def heading_words(heading: str) -> str:
    """The heading in lower case without emoji, marks or punctuation: "🔥 News" → "news"."""
    return " ".join(_NOT_WORDS.sub(" ", (heading or "").lower()).split())


def section_kind(heading: str) -> str:
    """The ``labsite.sections.SectionKind`` value a heading means ("📖 Educations" is
    education), or "custom"."""
    words = heading_words(heading)
    return next(
        (kind.value for kind, pattern in _PATTERNS if pattern.search(words)),
        SectionKind.CUSTOM.value,
    )
