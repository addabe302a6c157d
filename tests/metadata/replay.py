"""A loopback OpenAlex that answers in OpenAlex's format (``replay/openalex/``, from its
documentation), for any number of made-up works, and counts what it was asked."""

from __future__ import annotations

import copy
import json
import threading
import time
from pathlib import Path
from urllib.parse import unquote

from werkzeug.wrappers import Request, Response

REPLAY = Path(__file__).parent / "replay" / "openalex"


def replayed(name: str) -> dict:
    return json.loads((REPLAY / name).read_text())


def work_for(doi: str, count: int, openalex_id: str | None = None) -> dict:
    """The documented Work object, re-keyed to ``doi`` with ``count`` citations."""
    work = copy.deepcopy(replayed("work_W2741809807.json"))
    work_id = f"https://openalex.org/{openalex_id or 'W' + str(abs(hash(doi)) % 10**10)}"
    work.update(id=work_id, doi=f"https://doi.org/{doi}", cited_by_count=count)
    work["ids"].update(openalex=work_id, doi=f"https://doi.org/{doi}")
    return work


class CountingReplay:
    """A replay handler that counts requests, simultaneous requests and when each began;
    subclasses ``answer``."""

    def __init__(self, *, delay: float = 0.0):
        self.delay = delay
        self.lock = threading.Lock()
        self.in_flight = 0
        self.max_in_flight = 0
        self.requests: list[str] = []
        self.started: list[float] = []  # time.monotonic() of each request
        self.user_agents: set[str] = set()
        self.headers: list[dict] = []

    def __call__(self, request: Request) -> Response:
        with self.lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            self.requests.append(self.recorded(request))
            self.started.append(time.monotonic())
            self.user_agents.add(request.headers.get("User-Agent", ""))
            self.headers.append(dict(request.headers))
        try:
            if self.delay:
                time.sleep(self.delay)
            return self.answer(request)
        finally:
            with self.lock:
                self.in_flight -= 1

    def answer(self, request: Request) -> Response:
        raise NotImplementedError

    def recorded(self, request: Request) -> str:
        """What ``requests`` keeps of each request: its path and query."""
        return request.full_path


class ReplayOpenAlex(CountingReplay):
    """Handles ``/works?filter=doi:a|b&cursor=…`` and ``/works/https://doi.org/<doi>``
    from ``works`` ({doi: Work}); counts requests, DOIs asked and simultaneous requests."""

    def __init__(self, works: dict[str, dict] | None = None, *, delay: float = 0.0):
        super().__init__(delay=delay)
        self.works = works or {}
        self.dois_asked: list[str] = []  # in batches
        self.dois_asked_alone: list[str] = []

    def answer(self, request: Request) -> Response:
        path = unquote(request.path)
        if path.startswith("/works/https://doi.org/"):
            doi = path.removeprefix("/works/https://doi.org/").lower()
            with self.lock:
                self.dois_asked_alone.append(doi)
            work = self.works.get(doi)
            if work is None:
                return Response(json.dumps({"error": "not found"}), 404)
            return json_response(work)
        filter_value = request.args.get("filter", "")
        dois = [d.lower() for d in filter_value.removeprefix("doi:").split("|") if d]
        with self.lock:
            self.dois_asked.extend(dois)
        page = copy.deepcopy(replayed("list_page_2.json"))
        page["results"] = [self.works[d] for d in dois if d in self.works]
        page["meta"].update(count=len(page["results"]), per_page=len(dois))
        return json_response(page)


def json_response(data, status: int = 200, headers: dict | None = None) -> Response:
    return Response(json.dumps(data), status, headers=headers,
                    content_type="application/json; charset=utf-8")
