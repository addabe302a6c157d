"""OpenAlex (https://docs.openalex.org/api-entities/works/filter-works): an author's works,
``GET /works?filter=author.orcid:<iD>`` or ``filter=authorships.author.id:<A…>``, 200 a
page with cursor paging (https://docs.openalex.org/how-to-use-the-api/get-lists-of-entities/paging:
``cursor=*``, then each ``meta.next_cursor`` until it is null). The pages are joined into
one OpenAlex works file (``{"meta": …, "results": […]}``) that the import reads
(``publications.importers.openalex_works``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.conf import settings

from metadata.http import FetchFailed, get_json
from metadata.sources.orcid import orcid_id
from people.validators import openalex_author_id

SOURCE = "openalex_works"
PER_PAGE = 200  # OpenAlex's most results a page
MAX_PAGES = 25  # 5,000 works of one person; the rest is left out, and said


@dataclass(frozen=True)
class WorksFile:
    data: bytes  # {"meta": {"count": n}, "results": [Work, …]}
    works: int
    left_out: int  # works past MAX_PAGES pages


def author_filter(value: str) -> str:
    """The works filter for a person's link: their OpenAlex author id, else their ORCID iD."""
    if identifier := openalex_author_id(value):
        return f"authorships.author.id:{identifier}"
    if identifier := orcid_id(value):
        return f"author.orcid:{identifier}"
    return ""


def works_file(author: str) -> WorksFile:
    """Every work under the filter ``author`` (``author_filter``), at most MAX_PAGES pages."""
    results: list = []
    cursor, total = "*", 0
    for _page in range(MAX_PAGES):
        data = get_json(SOURCE, settings.LABSITE_OPENALEX_URL, "/works",
                        {"filter": author, "per-page": PER_PAGE, "cursor": cursor})
        page = data.get("results") if isinstance(data, dict) else None
        if not isinstance(page, list):
            raise FetchFailed("OpenAlex answered a list without results")
        results.extend(page)
        meta = data.get("meta") if isinstance(data.get("meta"), dict) else {}
        total = meta.get("count") if isinstance(meta.get("count"), int) else len(results)
        cursor = meta.get("next_cursor")
        if not cursor or not page:
            break
    file = json.dumps({"meta": {"count": len(results)}, "results": results}, ensure_ascii=False)
    return WorksFile(data=file.encode(), works=len(results),
                     left_out=max(total - len(results), 0) if cursor else 0)
