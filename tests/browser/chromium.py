"""Debian's Chromium driven by Playwright: one launcher for every browser test.

Never downloads a browser: Chromium comes from the system (``apt-get install chromium``,
done by ``.ci/run``). Without it the tests skip with the reason printed; under CI
(``CI=true``) a missing browser is an error instead, so a broken install cannot pass
quietly.
"""

import contextlib
import os

import pytest

CHROMIUM = os.environ.get("LABSITE_CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium keeps dialling Google on a closed network.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@contextlib.contextmanager
def launched_chromium():
    """A Playwright ``Browser``; skips (fails under CI) when Chromium is not installed."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        reason = (
            f"Chromium not found at {CHROMIUM}: browser tests skipped "
            "(install it with `apt-get install chromium`, as .ci/run does)"
        )
        if os.environ.get("CI"):
            pytest.fail(reason + " — required under CI", pytrace=False)
        print(reason)
        pytest.skip(reason)
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    # Playwright's sync API keeps an event loop in this thread; the ORM calls the tests make
    # around it (loaddemo, flush) are ordinary synchronous code.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_api.sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        yield browser
    finally:
        browser.close()
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def watch_failed_requests(page) -> list[str]:
    """Requests of ``page`` that failed or answered 400 or more, as they happen. A request
    the browser cancels (net::ERR_ABORTED) because the page navigates first (its favicon,
    an image of another width from a ``srcset``) is a race of a busy machine, not a missing
    file: a 404 or 500 still shows as a response, a refused or blocked one as its own error,
    and the walks check that every image of each page they land on was decoded."""
    failed: list[str] = []

    def request_failed(request):
        if "ERR_ABORTED" in (request.failure or ""):
            return
        failed.append(f"{request.url} {request.failure}")

    page.on("requestfailed", request_failed)
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
    return failed
