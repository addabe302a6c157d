"""GitHub (https://docs.github.com/en/rest/repos/repos#get-a-repository): the stars of a
code link's repository, ``GET /repos/{owner}/{repo}`` → ``stargazers_count``.

A renamed or transferred repository answers 301 to its new place; the client follows it
and the answer's ``full_name`` is the new name, so the record is kept under both. The rate
limit (60 calls an hour without a token, 5,000 with ``LABSITE_GITHUB_TOKEN``) is honoured
by the polite client (``X-RateLimit-Remaining``/``X-RateLimit-Reset``, ``Retry-After``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings

from metadata.http import FetchFailed, NotFound, get_json
from metadata.sources.facts import chunks

SOURCE = "github"
BATCH_SIZE = 20  # one call per repository; a batch is what counts against the breaker
# https://github.com/<owner>/<repo>[.git][/tree/main…]: owners are 1-39 letters, digits or
# dashes; repositories letters, digits, ".", "-" and "_".
_REPOSITORY_URL = re.compile(
    r"^https?://(?:www\.)?github\.com/([a-z0-9](?:[a-z0-9-]{0,38}))/([a-z0-9._-]{1,100})"
    r"(?:[/?#].*)?$",
    re.IGNORECASE,
)
# github.com/<word>/… pages that are not repositories.
_NOT_OWNERS = frozenset({"orgs", "topics", "sponsors", "settings", "marketplace", "features",
                         "collections", "users", "apps", "search", "login", "about"})


@dataclass(frozen=True)
class RepositoryFacts:
    full_name: str  # "owner/repo" as GitHub names it now (lower-cased)
    stars: int


def repository_key(url: str) -> str:
    """``owner/repo`` (lower-cased: GitHub names are case-insensitive) of a link to a
    GitHub repository, or "" when the link is not one."""
    match = _REPOSITORY_URL.match((url or "").strip())
    if match is None or match.group(1).lower() in _NOT_OWNERS:
        return ""
    repo = match.group(2).removesuffix(".git")
    if repo in ("", ".", ".."):
        return ""
    return f"{match.group(1)}/{repo}".lower()


def parse_repository(data: dict) -> RepositoryFacts:
    """A repository object → facts; ``FetchFailed`` when it is not one."""
    name, stars = data.get("full_name"), data.get("stargazers_count")
    if not isinstance(name, str) or "/" not in name or not isinstance(stars, int) or (
        isinstance(stars, bool) or stars < 0
    ):
        raise FetchFailed("GitHub answered something that is not a repository")
    return RepositoryFacts(full_name=name.lower()[:300], stars=stars)


def _headers() -> dict:
    headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
    if settings.LABSITE_GITHUB_TOKEN:
        headers["Authorization"] = f"Bearer {settings.LABSITE_GITHUB_TOKEN}"
    return headers


def repository(key: str) -> RepositoryFacts | None:
    """One repository (``owner/repo``); None when GitHub has none of that name."""
    try:
        data = get_json(SOURCE, settings.LABSITE_GITHUB_URL, f"/repos/{key}", headers=_headers())
    except NotFound:
        return None
    return parse_repository(data)


def batches(keys: Iterable[str]) -> Iterator[list[str]]:
    return chunks(keys, BATCH_SIZE)


def fetch_batch(keys: list[str]) -> dict[str, RepositoryFacts | None]:
    """Every key → its facts or None; a renamed repository is also given under its new
    name, so a link to either finds the one record."""
    found: dict[str, RepositoryFacts | None] = {}
    for key in keys:
        facts = repository(key)
        found[key] = facts
        if facts is not None and facts.full_name != key:
            found[facts.full_name] = facts
    return found
