"""ORCID's public API v3.0 (https://info.orcid.org/documentation/api-tutorials/api-tutorial-read-data-on-a-record/):
a person's works. ``GET /v3.0/{iD}/works`` lists them in groups (one group per work, its
summaries from several sources, the preferred first); ``GET /v3.0/{iD}/works/{put-codes}``
gives up to 100 full works at once (contributors, citation). Not paginated: the bulk reads
are the batches. The result is one ORCID works file (``{"bulk": […]}``) that the import
reads (``publications.importers.orcid``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from django.conf import settings

from metadata.http import FetchFailed, get_json
from metadata.sources.facts import chunks

SOURCE = "orcid"
BULK_SIZE = 100  # ORCID's most put-codes in one bulk read
MAX_WORKS = 5000  # of one person; the rest is left out, and said
_ORCID_ID = re.compile(r"(?<![\d-])(\d{4}-\d{4}-\d{4}-\d{3}[\dX])(?![\d-])", re.IGNORECASE)
_HEADERS = {"Accept": "application/vnd.orcid+json"}


@dataclass(frozen=True)
class WorksFile:
    data: bytes  # {"bulk": [{"work": …} | {"error": …}, …]}
    works: int
    left_out: int  # works past MAX_WORKS


def orcid_id(value: str) -> str:
    """The iD in ``value`` (``https://orcid.org/0000-0002-1825-0097`` or the bare iD) when
    its check digit is right (ISO 7064 11,2), else ""."""
    match = _ORCID_ID.search(value or "")
    if match is None:
        return ""
    identifier = match.group(1).upper()
    total = 0
    for digit in identifier.replace("-", "")[:-1]:
        total = (total + int(digit)) * 2
    check = (12 - total % 11) % 11
    return identifier if identifier[-1] == ("X" if check == 10 else str(check)) else ""


def _put_codes(summary: dict) -> list[str]:
    groups = summary.get("group")
    if not isinstance(groups, list):
        raise FetchFailed("ORCID answered works without a group list")
    codes = []
    for group in groups:
        summaries = (group or {}).get("work-summary") if isinstance(group, dict) else None
        if summaries and isinstance(summaries[0], dict) and summaries[0].get("put-code"):
            codes.append(str(int(summaries[0]["put-code"])))  # the preferred version
    return codes


def works_file(identifier: str) -> WorksFile:
    """Every work of ``identifier`` (at most MAX_WORKS), in ``ceil(n / 100) + 1`` calls."""
    base = settings.LABSITE_ORCID_URL
    codes = _put_codes(get_json(SOURCE, base, f"/v3.0/{identifier}/works", headers=_HEADERS))
    kept = codes[:MAX_WORKS]
    items: list = []
    for batch in chunks(kept, BULK_SIZE):
        bulk = get_json(SOURCE, base, f"/v3.0/{identifier}/works/{','.join(batch)}",
                        headers=_HEADERS).get("bulk")
        if not isinstance(bulk, list):
            raise FetchFailed("ORCID answered a bulk read without a bulk list")
        items.extend(bulk)
    data = json.dumps({"bulk": items}, ensure_ascii=False).encode()
    return WorksFile(data=data, works=len(kept), left_out=len(codes) - len(kept))
