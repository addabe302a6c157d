"""What a heading or a label means: one table for every theme (sections, the kind of the
papers under a sub-heading, talk kinds). The heading itself is always
kept as the owner wrote it; this only says which built-in section it is, else "custom"."""

from __future__ import annotations

import re

from labsite.sections import SectionKind
from people.cv import TalkKind
from publications.choices import PublicationKind

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
_NOT_WORDS = re.compile(r"[^a-z0-9' &]+")


def _compiled(table) -> list[tuple[str, re.Pattern]]:
    return [(kind.value, re.compile(words, re.I)) for kind, words in table]


def _first_kind(patterns, texts, default):
    """The kind of the first pattern any of the texts matches, else ``default``."""
    for kind, pattern in patterns:
        if any(pattern.search(text or "") for text in texts):
            return kind
    return default


_PATTERNS = _compiled(_KINDS)


def heading_words(heading: str) -> str:
    """The heading in lower case without emoji, marks or punctuation: "🔥 News" → "news"."""
    return " ".join(_NOT_WORDS.sub(" ", (heading or "").lower()).split())


def section_kind(heading: str) -> str:
    """The ``labsite.sections.SectionKind`` value a heading means ("📖 Educations" is
    education), or "custom"."""
    return _first_kind(_PATTERNS, [heading_words(heading)], SectionKind.CUSTOM.value)


# A sub-heading of a publications page ("Preprints", "Workshop papers") -> the kind of
# every paper under it; None keeps the kind the record itself says.
_PUBLICATION_KINDS = (
    (PublicationKind.PREPRINT, r"preprint|under review|submitted|arxiv"),
    (PublicationKind.WORKSHOP, r"workshop"),
    (PublicationKind.JOURNAL, r"journal"),
    (PublicationKind.CONFERENCE, r"conference|proceedings"),
    (PublicationKind.PATENT, r"patent"),
    (PublicationKind.THESIS, r"thes[ie]s|dissertation"),
    (PublicationKind.CHAPTER, r"chapter"),
    (PublicationKind.BOOK, r"\bbooks?\b"),
)
_PUBLICATION_PATTERNS = _compiled(_PUBLICATION_KINDS)


def publication_kind(heading: str) -> str | None:
    """The ``PublicationKind`` value a heading over papers names, or None."""
    return _first_kind(_PUBLICATION_PATTERNS, [heading], None)


# A talk's type, bracket or title -> people.cv.TalkKind, the first that matches.
_TALK_KINDS = (
    (TalkKind.KEYNOTE, r"keynote|plenary"),
    (TalkKind.INVITED, r"invited"),
    (TalkKind.POSTER, r"poster"),
    (TalkKind.SEMINAR, r"seminar|colloquium"),
    (TalkKind.ORAL, r"\boral\b"),
    (TalkKind.CONTRIBUTED, r"contributed|proceeding"),
    (TalkKind.OTHER, r"\btalks?\b"),
)
_TALK_PATTERNS = _compiled(_TALK_KINDS)


def talk_kind(*texts: str, default: str = "") -> str:
    """The ``TalkKind`` value the texts name ("Invited Talk", "[Oral]", "Keynote at …"),
    else ``default``."""
    return _first_kind(_TALK_PATTERNS, texts, str(default))
