"""DBLP (https://dblp.org/faq/How+can+I+fetch+all+publications+of+one+specific+author.html):
a person's bibliography as BibTeX, ``GET /pid/{pid}.bib``, read by the import's BibTeX
parser (``publications.importers.bibtex``)."""

from __future__ import annotations

import re

from django.conf import settings

from metadata.http import FetchFailed, get_bytes

SOURCE = "dblp"
# https://dblp.org/pid/55/1490.html, dblp.uni-trier.de/pid/h/JohnDoe, or the bare "55/1490".
_PID = re.compile(
    r"^(?:https?://(?:www\.)?dblp(?:\.uni-trier)?\.(?:org|de)/pid/)?"
    r"([a-z0-9]{1,20}/[a-z0-9_-]{1,60}?)(?:\.html|\.bib|\.xml)?/?$",
    re.IGNORECASE,
)


def dblp_pid(value: str) -> str:
    """The person id in a DBLP person URL or the bare id, else ""."""
    match = _PID.match((value or "").strip())
    return match.group(1) if match else ""


def person_bibtex(pid: str) -> bytes:
    """The person's BibTeX; ``NotFound`` for an unknown pid, ``FetchFailed`` for an answer
    that is not BibTeX (an HTML error page)."""
    body = get_bytes(SOURCE, settings.LABSITE_DBLP_URL, f"/pid/{pid}.bib",
                     headers={"Accept": "text/x-bibtex, text/plain"})
    head = body[:4096].lstrip()
    if head and not head.startswith(b"@"):
        raise FetchFailed("DBLP answered something that is not BibTeX")
    return body
