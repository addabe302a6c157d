"""OpenAlex works by title and year, for papers with neither DOI nor arXiv id
(https://docs.openalex.org/api-entities/works/filter-works:
``/works?filter=title.search:<words>,publication_year:<year>&per-page=5``).

The shared record's key is the paper's normalised title words, its year and its first
author's family name (``<year>|<family>|<words>``): labs with the same paper share it, and
the check that OpenAlex's work is the same paper needs no database. A work is taken only
when exactly one result has the same title key (``publications.importers.text.title_key``)
and the same year, and, when the paper has authors, the first author's family name among
its authorships. The year must be equal, not ±1: a work a year off is as often the paper's
preprint or journal version, whose DOI is another paper's. Only the count and the DOI are
kept (no arXiv id: a title match names no preprint).
"""

from __future__ import annotations

import re
import unicodedata

from django.conf import settings

from metadata.http import FetchFailed, get_json
from metadata.sources import openalex
from metadata.sources.facts import Facts, Identifier, is_arxiv_doi
from publications.importers.text import title_key
from publications.linking import name_tokens

KIND = "title"
PER_PAGE = 5
MAX_TITLE_CHARS = 250  # of the normalised words; a longer title is not looked up
_NOT_WORD = re.compile(r"[\W_]+")  # commas and pipes too: OpenAlex's filter separators


def title_words(title: str) -> str:
    """The title's folded words, one space apart (no "," or "|")."""
    folded = unicodedata.normalize("NFKD", title or "").casefold()
    return _NOT_WORD.sub(" ", folded).strip()


def family_name(name: str) -> str:
    tokens = name_tokens(name or "")
    return tokens[-1][:40] if tokens else ""


def title_identifier(title: str, year: int | None, first_author: str) -> Identifier | None:
    """The title key of a paper, None when it has no year or too long a title."""
    words = title_words(title)
    if not words or not year or len(words) > MAX_TITLE_CHARS:
        return None
    return Identifier(KIND, f"{year}|{family_name(first_author)}|{words}")


def _same_paper(work: dict, key: str, year: int, family: str) -> bool:
    if not isinstance(work, dict) or work.get("publication_year") != year:
        return False
    if title_key(str(work.get("title") or work.get("display_name") or "")) != key:
        return False
    if not family:
        return True
    names = {token for authorship in work.get("authorships") or ()
             if isinstance(authorship, dict)
             for token in name_tokens(str((authorship.get("author") or {}).get("display_name")
                                          or authorship.get("raw_author_name") or ""))}
    return family in names


def work_by_title(value: str) -> Facts | None:
    """The one work OpenAlex lists under ``value`` (a title key); None for none or two."""
    year_text, family, words = value.split("|", 2)
    year = int(year_text)
    data = get_json(openalex.SOURCE, settings.LABSITE_OPENALEX_URL, "/works", {
        "filter": f"title.search:{words},publication_year:{year}", "per-page": PER_PAGE})
    results = data.get("results")
    if not isinstance(results, list):
        raise FetchFailed("OpenAlex answered a list without results")
    key = title_key(words)
    matches = [work for work in results[:PER_PAGE] if _same_paper(work, key, year, family)]
    if len(matches) != 1:
        return None  # none, or ambiguous: nothing is changed
    facts = openalex.parse_work(matches[0])
    return Facts(source_id=facts.openalex_id, cited_by_count=facts.cited_by_count,
                 doi=facts.doi if not is_arxiv_doi(facts.doi) else "")


def fetch_identifiers(keys: list[Identifier]) -> dict[Identifier, Facts | None]:
    """DOIs as ``openalex.fetch_identifiers`` asks them; title keys one by one."""
    by_doi = [key for key in keys if key.kind != KIND]
    found = openalex.fetch_identifiers(by_doi) if by_doi else {}
    found.update((key, work_by_title(key.value)) for key in keys if key.kind == KIND)
    return found
