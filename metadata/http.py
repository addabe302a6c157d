"""The one polite HTTP client every source uses: identified, time-limited, bounded, capped
in concurrency per source, retrying with backoff and honouring ``Retry-After``.

It does no database work, so sources may call it from worker threads; the circuit breaker
that every worker shares lives in the database (``metadata/breaker.py``) and is consulted
by the caller around batches of calls.
"""

from __future__ import annotations

import http.client
import json
import random
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings

# A 4xx other than these is the request's fault: retrying would only repeat it.
RETRIED_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})

_semaphores: dict[tuple[str, int], threading.BoundedSemaphore] = {}
_semaphores_lock = threading.Lock()
_next_turn: dict[str, float] = {}  # per source: the monotonic time the next call may start
_turn_locks: dict[str, threading.Lock] = {}  # per source: held while a caller waits its turn
_turn_locks_lock = threading.Lock()


class FetchFailed(Exception):
    """The source did not answer usefully (after retries): old values stay."""


class NotFound(Exception):
    """The source answered that it has no such thing (404)."""


def _semaphore(source: str) -> threading.BoundedSemaphore:
    """At most LABSITE_METADATA_CONCURRENCY calls in flight to one source per process."""
    key = (source, settings.LABSITE_METADATA_CONCURRENCY)
    with _semaphores_lock:
        if key not in _semaphores:
            _semaphores[key] = threading.BoundedSemaphore(key[1])
        return _semaphores[key]


def user_agent() -> str:
    mailto = settings.LABSITE_METADATA_MAILTO
    agent = settings.LABSITE_METADATA_USER_AGENT
    return f"{agent} (mailto:{mailto})" if mailto else agent


def backoff_seconds(attempt: int, retry_after: str | None = None) -> float:
    """``Retry-After`` (seconds) when the source gave one, else exponential with jitter;
    never over LABSITE_METADATA_MAX_BACKOFF."""
    cap = settings.LABSITE_METADATA_MAX_BACKOFF
    if retry_after and retry_after.strip().isdigit():
        return min(float(retry_after.strip()), cap)
    return min(cap, 0.5 * 2**attempt) * random.uniform(0.5, 1.0)


def _read_bounded(response) -> bytes:
    limit = settings.LABSITE_METADATA_MAX_RESPONSE_BYTES
    body = response.read(limit + 1)
    if len(body) > limit:
        raise FetchFailed(f"response over {limit} bytes")
    return body


def _wait_turn(source: str) -> None:
    """Keep LABSITE_METADATA_MIN_INTERVALS[source] seconds between two calls to a source
    with a strict rate limit (Semantic Scholar, arXiv). Callers take turns under the
    source's lock, and the next turn is counted from when a caller actually goes: one woken
    late by a busy machine pushes the next one back instead of letting it follow closely."""
    interval = settings.LABSITE_METADATA_MIN_INTERVALS.get(source, 0)
    if interval <= 0:
        return
    with _turn_locks_lock:
        lock = _turn_locks.setdefault(source, threading.Lock())
    with lock:
        wait = _next_turn.get(source, 0.0) - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        _next_turn[source] = time.monotonic() + interval


def _rate_limit_wait(headers) -> float | None:
    """Seconds until the source's rate limit resets, when it says it is used up
    (``X-RateLimit-Remaining: 0`` with ``X-RateLimit-Reset``, GitHub's headers); else None."""
    if headers is None or (headers.get("X-RateLimit-Remaining") or "").strip() != "0":
        return None
    reset = (headers.get("X-RateLimit-Reset") or "").strip()
    return max(0.0, float(reset) - time.time()) if reset.isdigit() else None


# Headers that carry a credential (GitHub's token, Semantic Scholar's key): never sent on
# to another host a redirect points at. urllib's own handler copies every header.
_CREDENTIAL_HEADERS = frozenset({"authorization", "x-api-key"})


class _CredentialsStayHome(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and (urllib.parse.urlsplit(newurl).netloc
                                != urllib.parse.urlsplit(req.full_url).netloc):
            for name in [name for name in new.headers if name.lower() in _CREDENTIAL_HEADERS]:
                new.remove_header(name)
        return new


_opener = urllib.request.build_opener(_CredentialsStayHome)


def _once(source: str, request: urllib.request.Request) -> tuple[int, bytes, object]:
    """One call through ``_opener``: (status, body, response headers); status 0 when
    nothing usable came."""
    timeout = settings.LABSITE_METADATA_TIMEOUT
    with _semaphore(source):
        _wait_turn(source)
        try:
            with _opener.open(request, timeout=timeout) as response:
                return response.status, _read_bounded(response), response.headers
        except urllib.error.HTTPError as error:
            return error.code, b"", error.headers
        except (urllib.error.URLError, http.client.HTTPException, TimeoutError, ConnectionError):
            return 0, b"", None  # refused, reset or timed out: retried


def fetch_bytes(
    source: str, base_url: str, path: str, params: dict | None = None, *,
    body: dict | None = None, headers: dict | None = None, polite: bool = True,
    accept: str = "application/json",
) -> bytes:
    """GET (or, with ``body``, POST as JSON) ``base_url + path``, retrying time-outs, 429
    and 5xx with backoff; the answer's bytes (at most LABSITE_METADATA_MAX_RESPONSE_BYTES).

    Raises ``NotFound`` on 404 and ``FetchFailed`` when retries run out, on another 4xx or
    an oversized answer. Redirects (a work merged into another, a renamed repository) are
    followed, never taking a credential header to another host. A used-up rate limit
    (403/429 with ``X-RateLimit-Remaining: 0``) waits for its reset when that is within
    LABSITE_METADATA_MAX_BACKOFF, else fails at once. ``polite`` adds ``mailto`` to the
    query (OpenAlex's and Crossref's polite pools); ``headers`` go on top of the defaults.
    """
    query = dict(params or {})
    if polite and settings.LABSITE_METADATA_MAILTO:
        query["mailto"] = settings.LABSITE_METADATA_MAILTO
    url = base_url.rstrip("/") + path + (f"?{urllib.parse.urlencode(query)}" if query else "")
    all_headers = {"User-Agent": user_agent(), "Accept": accept, **(headers or {})}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        all_headers["Content-Type"] = "application/json"
    retries = settings.LABSITE_METADATA_RETRIES
    for attempt in range(retries + 1):
        request = urllib.request.Request(url, data=data, headers=all_headers)  # noqa: S310
        status, content, answer_headers = _once(source, request)
        if status == 200:
            return content
        if status == 404:
            raise NotFound(url)
        retry_after = answer_headers.get("Retry-After") if answer_headers is not None else None
        limit_wait = _rate_limit_wait(answer_headers) if status in (403, 429) else None
        if limit_wait is not None and limit_wait > settings.LABSITE_METADATA_MAX_BACKOFF:
            raise FetchFailed(f"{source}: rate limit used up for {limit_wait:.0f} s more")
        if status == 403 and limit_wait is None and not retry_after:
            raise FetchFailed(f"{source} answered HTTP 403")  # refused, not rate-limited
        if status and status not in RETRIED_STATUSES | {403}:
            raise FetchFailed(f"{source} answered HTTP {status}")
        if attempt < retries:
            time.sleep(limit_wait if limit_wait is not None
                       else backoff_seconds(attempt, retry_after))
    reason = f"HTTP {status}" if status else "no answer in time"
    raise FetchFailed(f"{source}: {reason} after {retries + 1} attempts")


def get_bytes(source: str, base_url: str, path: str, params: dict | None = None, *,
              headers: dict | None = None) -> bytes:
    """GET ``base_url + path`` (``fetch_bytes`` says how it fails)."""
    return fetch_bytes(source, base_url, path, params, headers=headers)


def parse_json(source: str, content: bytes):
    try:
        return json.loads(content)
    except (ValueError, UnicodeDecodeError) as error:
        raise FetchFailed(f"malformed JSON from {source}: {error}") from None


def get_json(source: str, base_url: str, path: str, params: dict | None = None, *,
             headers: dict | None = None) -> dict:
    """GET ``base_url + path`` as a JSON object; ``FetchFailed`` on malformed JSON or another
    JSON value (``fetch_bytes`` says how else it fails)."""
    data = parse_json(source, fetch_bytes(source, base_url, path, params, headers=headers))
    if not isinstance(data, dict):
        raise FetchFailed(f"{source} answered JSON that is not an object")
    return data
