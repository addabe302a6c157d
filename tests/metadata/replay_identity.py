"""Loopback GitHub, ORCID and DBLP in their own formats (``replay/github``, ``replay/orcid``,
``replay/dblp``: each README names the documentation the answers come from), for any
number of made-up repositories and works, counting what they were asked."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from urllib.parse import unquote

from pytest_httpserver import URIPattern
from werkzeug.wrappers import Request, Response

from tests.metadata.replay import CountingReplay, json_response

REPLAY = Path(__file__).parent / "replay"


def replayed(source: str, name: str):
    text = (REPLAY / source / name).read_text()
    return json.loads(text) if name.endswith(".json") else text


class AnyPath(URIPattern):
    """Every path: the handler answers (and counts) what each one is."""

    def match(self, uri: str) -> bool:
        return True


class Counting(CountingReplay):
    """Keeps each request's unquoted path (GitHub repositories and ORCID iDs are in it)."""

    def recorded(self, request: Request) -> str:
        return unquote(request.path)


def repository_for(full_name: str, stars: int) -> dict:
    """GitHub's documented repository object, renamed to ``full_name`` with ``stars``."""
    repo = copy.deepcopy(replayed("github", "repo_octocat_hello-world.json"))
    owner, name = full_name.split("/")
    repo.update(name=name, full_name=full_name, stargazers_count=stars,
                watchers_count=stars, html_url=f"https://github.com/{full_name}")
    repo["owner"]["login"] = owner
    return repo


class ReplayGitHub(Counting):
    """``/repos/{owner}/{repo}`` from ``repositories`` ({"owner/repo" lower-cased: object});
    ``renamed`` ({old: new}) answer 301 to ``/repositories/{id}`` as GitHub does."""

    def __init__(self, repositories: dict[str, dict], renamed: dict[str, str] | None = None):
        super().__init__()
        self.repositories = repositories
        self.renamed = renamed or {}

    def answer(self, request: Request) -> Response:
        path = unquote(request.path)
        if path.startswith("/repositories/"):
            number = int(path.rsplit("/", 1)[-1])
            repo = next(r for r in self.repositories.values() if r["id"] == number)
            return json_response(repo)
        key = path.removeprefix("/repos/").lower()
        if key in self.renamed:
            target = self.repositories[self.renamed[key]]
            return json_response(replayed("github", "moved_permanently.json"), 301,
                                 {"Location": f"/repositories/{target['id']}"})
        if key not in self.repositories:
            return json_response(replayed("github", "not_found.json"), 404)
        return json_response(self.repositories[key], headers={
            "X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "59",
            "X-RateLimit-Reset": "1700000000"})


def work_for(put_code: int, title: str, *, doi: str = "", authors=("Josiah Carberry",),
             year: int = 2020) -> dict:
    """The documented full work (``bulk_733535,1204417.json``'s first), re-keyed."""
    work = copy.deepcopy(replayed("orcid", "bulk_733535,1204417.json")["bulk"][0]["work"])
    work.update({"put-code": put_code, "path": f"/0000-0002-1825-0097/work/{put_code}"})
    work["title"]["title"]["value"] = title
    work["publication-date"] = {"year": {"value": str(year)}, "month": None, "day": None}
    ids = work["external-ids"]["external-id"]
    if doi:
        ids[0].update({"external-id-value": doi,
                       "external-id-normalized": {"value": doi, "transient": True},
                       "external-id-url": {"value": f"https://doi.org/{doi}"}})
    else:
        ids.clear()
    contributor = work["contributors"]["contributor"][1]
    work["contributors"]["contributor"] = [
        {**copy.deepcopy(contributor), "credit-name": {"value": name}} for name in authors]
    return work


def summary_of(works: list[dict]) -> dict:
    """``GET /works``'s summary of ``works``: one group per work, as ORCID groups them."""
    summary = copy.deepcopy(replayed("orcid", "works_0000-0002-1825-0097.json"))
    template = summary["group"][0]
    groups = []
    for work in works:
        group = copy.deepcopy(template)
        item = group["work-summary"][0]
        item.update({key: copy.deepcopy(work[key]) for key in (
            "put-code", "path", "title", "external-ids", "type", "publication-date",
            "journal-title")})
        group["work-summary"] = [item]
        group["external-ids"] = copy.deepcopy(work["external-ids"])
        groups.append(group)
    summary["group"] = groups
    return summary


class ReplayOrcid(Counting):
    """``/v3.0/{iD}/works`` and ``/v3.0/{iD}/works/{put-codes}`` from ``records``
    ({iD: summary JSON}) and ``works`` ({put-code: full work}); unknown put-codes are
    error items of the bulk, an unknown iD a 404. Keeps the size of each bulk read."""

    def __init__(self, records: dict[str, dict], works: dict[int, dict]):
        super().__init__()
        self.records, self.works = records, works
        self.bulk_sizes: list[int] = []

    def answer(self, request: Request) -> Response:
        parts = unquote(request.path).strip("/").split("/")  # v3.0, iD, works[, codes]
        if len(parts) < 3 or parts[1] not in self.records:
            return json_response(replayed("orcid", "not_found.json"), 404)
        if len(parts) == 3:
            return json_response(self.records[parts[1]])
        codes = [int(code) for code in parts[3].split(",")]
        with self.lock:
            self.bulk_sizes.append(len(codes))
        items = [{"work": self.works[code]} if code in self.works
                 else replayed("orcid", "bulk_error.json") for code in codes]
        return json_response({"bulk": items})


class ReplayDblp(Counting):
    """``/pid/{pid}.bib`` from ``people`` ({pid: BibTeX text}); others 404."""

    def __init__(self, people: dict[str, str]):
        super().__init__()
        self.people = people

    def answer(self, request: Request) -> Response:
        pid = unquote(request.path).removeprefix("/pid/").removesuffix(".bib")
        if pid not in self.people:
            return Response("Not found", 404)
        return Response(self.people[pid], 200, content_type="application/x-bibtex")
