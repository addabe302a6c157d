"""Which sections a page starts with, and how the former ``Person.homepage_sections`` and
``research_interests`` text map onto rows. Plain values and functions, so migrations, the
archive loader and the services share one rule.
"""

from labsite.sections import ORDER_STEP  # noqa: F401  (one numbering for both pages)

# A new member's homepage: today's page (about, interests, then the former default order).
DEFAULT_PERSON_KINDS = (
    "about", "interests", "news", "publications", "awards",
    "education", "positions", "talks", "teaching", "service",
)  # fmt: skip

# The names the former comma list took, in its default order.
LEGACY_SECTION_NAMES = DEFAULT_PERSON_KINDS[2:]


def legacy_person_kinds(homepage_sections: str) -> list[str]:
    """The rows that reproduce a page of the former comma list: the about text and research
    interests (always shown then, above the sections), then the listed sections in order;
    unknown or repeated names are dropped as they were then."""
    kinds = ["about", "interests"]
    for name in (homepage_sections or "").split(","):
        name = name.strip()
        if name in LEGACY_SECTION_NAMES and name not in kinds:
            kinds.append(name)
    return kinds


# ResearchInterest.title's length (people/section_models.py).
INTEREST_TITLE_MAX = 200


def legacy_interests(research_interests: str) -> list[tuple[str, str]]:
    """(title, description) per non-empty line, as the former field was rendered; a line
    too long for a title keeps all of its text as the description, so nothing is lost."""
    interests = []
    for line in (research_interests or "").splitlines():
        line = line.strip()
        if not line:
            continue
        if len(line) > INTEREST_TITLE_MAX:
            interests.append((line[: INTEREST_TITLE_MAX - 1].rstrip() + "…", line))
        else:
            interests.append((line, ""))
    return interests
