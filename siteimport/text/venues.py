"""A venue as pages write it with its year: "NeurIPS’25", "ICML2024", "OSDI'21",
"ICML 2023", "NeurIPS’2024". The short label itself ("NeurIPS 2025") comes from the
import pipeline (``publications.importers.normalize.short_venue``) when the venue is known."""

from __future__ import annotations

import re

# The name, then a four-digit year (an apostrophe allowed) or an apostrophe or letter
# followed by two digits; the name is as short as it can be.
_NAME_AND_YEAR = re.compile(
    r"^(?P<name>.*?)\s*(?:[’']?(?P<yyyy>(?:19|20)\d{2})|(?:[’']|(?<=[A-Za-z]))(?P<yy>\d{2}))\b"
)
_ACRONYM = re.compile(r"[A-Za-z][A-Za-z&+-]*")


def _year(found: re.Match) -> int:
    return int(found["yyyy"]) if found["yyyy"] else 2000 + int(found["yy"])


def venue_and_year(text: str) -> tuple[str, int | None]:
    """("OSDI", 2021) for "OSDI’21 …"; the text and None when no year follows a name."""
    found = _NAME_AND_YEAR.match(text)
    if not found:
        return text, None
    return found["name"].strip(" ,(") or text, _year(found)


def short_name_and_year(text: str) -> tuple[str, int] | None:
    """("NeurIPS", 2024) when the whole text is an acronym and its year ("NeurIPS2024",
    "ICML 2023", "NeurIPS’25"), as a page names a conference; else None."""
    text = text.strip()
    found = _NAME_AND_YEAR.match(text)
    if not found or found.end() != len(text) or not _ACRONYM.fullmatch(found["name"]):
        return None
    return found["name"], _year(found)
