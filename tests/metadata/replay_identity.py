"""Loopback GitHub, ORCID and DBLP in their own formats (``replay/github``, ``replay/orcid``,
``replay/dblp``: each README names the documentation the answers come from), for any
number of made-up repositories and works, counting what they were asked."""

from __future__ import annotations

import copy
import json
import threading
from pathlib import Path
from urllib.parse import unquote

from pytest_httpserver import URIPattern
from werkzeug.wrappers import Request, Response

REPLAY = Path(__file__).parent / "replay"


def replayed(source: str, name: str):
    text = (REPLAY / source / name).read_text()
    return json.loads(text) if name.endswith(".json") else text


class AnyPath(URIPattern):
    """Every path: the handler answers (and counts) what each one is."""

    def match(self, uri: str) -> bool:
        return True


def json_response(data, status: int = 200, headers: dict | None = None) -> Response:
    return Response(json.dumps(data), status, headers=headers,
                    content_type="application/json; charset=utf-8")


class Counting:
    """Counts requests and the most that were in flight at once."""

    def __init__(self):
        self.lock = threading.Lock()
        self.requests: list[str] = []
        self.headers: list[dict] = []
        self.in_flight = self.max_in_flight = 0

    def __call__(self, request: Request) -> Response:
        with self.lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            self.requests.append(unquote(request.path))
            self.headers.append(dict(request.headers))
        try:
            return self.answer(request)
        finally:
            with self.lock:
                self.in_flight -= 1

    def answer(self, request: Request) -> Response:
        raise NotImplementedError


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
