"""Loopback Crossref, Semantic Scholar and arXiv that answer in each API's own format
(``replay/<source>/``, from their documentation) for any number of made-up papers, and
count what they were asked (``replay.CountingReplay``)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from urllib.parse import unquote
from xml.sax.saxutils import escape

from werkzeug.wrappers import Request, Response

from tests.metadata.replay import CountingReplay, json_response

REPLAY = Path(__file__).parent / "replay"


def replayed(source: str, name: str):
    path = REPLAY / source / name
    return path.read_bytes() if name.endswith(".xml") else json.loads(path.read_text())


def crossref_work(doi: str, count: int, **message) -> dict:
    """The documented journal-article answer, re-keyed to ``doi`` with ``count`` citations."""
    work = copy.deepcopy(replayed("crossref", "work_journal.json"))
    work["message"].update({"DOI": doi, "is-referenced-by-count": count,
                            "URL": f"http://dx.doi.org/{doi}", **message})
    return work


def s2_paper(count: int, *, doi: str = "", arxiv: str = "", venue: str = "") -> dict:
    """The documented paper object with these identifiers, count and venue."""
    paper = copy.deepcopy(replayed("semanticscholar", "batch.json")[0])
    paper["paperId"] = f"{abs(hash((doi, arxiv))):040x}"[:40]
    paper["externalIds"] = {key: value for key, value in (("DOI", doi), ("ArXiv", arxiv)) if value}
    paper["citationCount"] = count
    paper["venue"] = venue
    paper["publicationVenue"] = {**paper["publicationVenue"], "name": venue} if venue else None
    return paper


class ReplayCrossref(CountingReplay):
    """``/works/<doi>`` from ``works`` ({doi: answer}); a 404 otherwise."""

    def __init__(self, works: dict | None = None, *, delay: float = 0.0):
        super().__init__(delay=delay)
        self.works = {doi.lower(): work for doi, work in (works or {}).items()}
        self.dois_asked: list[str] = []

    def answer(self, request: Request) -> Response:
        doi = unquote(request.path).split("/works/", 1)[-1].lower()
        with self.lock:
            self.dois_asked.append(doi)
        if doi not in self.works:
            return Response("Resource not found.", 404, content_type="text/plain")
        return json_response(self.works[doi])


class ReplaySemanticScholar(CountingReplay):
    """``POST /graph/v1/paper/batch`` from ``papers`` ({"DOI:…"/"ARXIV:…": paper})."""

    def __init__(self, papers: dict | None = None, *, delay: float = 0.0):
        super().__init__(delay=delay)
        self.papers = papers or {}
        self.ids_asked: list[str] = []

    def answer(self, request: Request) -> Response:
        ids = json.loads(request.get_data())["ids"]
        with self.lock:
            self.ids_asked.extend(ids)
        return json_response([self.papers.get(paper_id) for paper_id in ids])


def arxiv_entry(arxiv_id: str, *, version: int = 1, journal_ref: str = "", doi: str = "",
                title: str = "A preprint") -> str:
    """One Atom entry shaped like the manual's example."""
    ns = 'xmlns:arxiv="http://arxiv.org/schemas/atom"'
    extra = f'<arxiv:doi {ns}>{escape(doi)}</arxiv:doi>' if doi else ""
    if journal_ref:
        extra += f"<arxiv:journal_ref {ns}>{escape(journal_ref)}</arxiv:journal_ref>"
    return (f"<entry><id>http://arxiv.org/abs/{arxiv_id}v{version}</id>"
            f"<title>{escape(title)}</title>{extra}</entry>")


def arxiv_feed(entries: list[str], total: int | None = None) -> bytes:
    count = len(entries) if total is None else total
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            '<opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">'
            f"{count}</opensearch:totalResults>{''.join(entries)}</feed>").encode()


class ReplayArxiv(CountingReplay):
    """``/api/query?id_list=…`` from ``entries`` ({arXiv id: entry XML}); an id of the
    form ``bad…`` gets arXiv's error answer for the whole list, as arXiv does."""

    def __init__(self, entries: dict | None = None, *, delay: float = 0.0):
        super().__init__(delay=delay)
        self.entries = entries or {}
        self.ids_asked: list[str] = []

    def answer(self, request: Request) -> Response:
        ids = [value for value in request.args.get("id_list", "").split(",") if value]
        with self.lock:
            self.ids_asked.extend(ids)
        if any(value.startswith("bad") for value in ids):
            return Response(replayed("arxiv", "feed_error.xml"), 200,
                            content_type="application/atom+xml")
        found = [self.entries[value] for value in ids if value in self.entries]
        return Response(arxiv_feed(found), 200, content_type="application/atom+xml")
