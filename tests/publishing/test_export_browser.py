"""An exported lab in Chromium, served by Python's http.server under a sub-path (as GitHub
Pages serves a project) and opened from file://: clicking through home → team → a homepage
→ a paper → back works, every image and stylesheet loads, nothing is asked of any other
server."""

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command

from tests.browser.chromium import launched_chromium, watch_failed_requests
from tests.publishing.test_export import two_labs  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def loopback_server(tmp_path):
    """``tmp_path/www`` served on 127.0.0.1; yields its origin."""
    www = tmp_path / "www"
    www.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(QuietHandler, directory=str(www)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield www, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def walk(browser, start: str, origin: str, *, file_origin: bool = False) -> None:
    page = browser.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    failed = watch_failed_requests(page)

    def loaded(heading: str) -> None:
        # A click only starts the navigation, and the page it leaves is loaded already:
        # wait for the new page's heading first, then for its images and stylesheets.
        page.locator("h1", has_text=heading).first.wait_for()
        page.wait_for_load_state("load")
        assert page.locator("h1").first.inner_text() == heading
        # Every stylesheet applied and every image decoded.
        assert page.evaluate("document.styleSheets.length") >= 2
        assert page.evaluate(
            "[...document.images].filter(i => !(i.complete && i.naturalWidth)).map(i => i.src)"
        ) == []

    page.goto(start)
    assert page.title().startswith("Alpha Systems Lab")
    page.wait_for_load_state("load")
    page.locator("nav.site-nav a", has_text="People").click()
    loaded("People")
    assert page.locator("main img").count() >= 1  # Ada's photo on the team page
    page.locator("main a", has_text="Ada Moreau").first.click()
    loaded("Ada Moreau")
    assert page.locator("main img").count() >= 1
    page.locator("main a", has_text="Sparse Attention for Alpha Workloads").first.click()
    loaded("Sparse Attention for Alpha Workloads")
    page.go_back()
    loaded("Ada Moreau")
    if file_origin:
        # Chromium never lets a file:// page <use> an SVG from another file (each file is
        # its own origin): the icon sprite is the one thing a file:// visit goes without.
        failed = [url for url in failed if "/static/labsite/icons." not in url]
    assert failed == []
    assert [url for url in requests if not url.startswith(origin)] == []
    assert any("/media/labs/lab-a/" in url for url in requests)
    page.close()


def test_the_export_works_in_chromium_under_a_sub_path_and_from_file(
        two_labs, static_root, settings, loopback_server):  # noqa: F811 - the fixture
    # collectstatic's hashed names, as production pages name them.
    settings.STATIC_ROOT = static_root
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}
    www, origin = loopback_server
    call_command("exportsite", "lab-a", "-o", str(www / "site"),
                 "--base-url", f"{origin}/site/")
    call_command("exportsite", "lab-a", "-o", str(www / "rel"))
    hashed = [path.name for path in (www / "site/static/labsite").glob("site.*.css")]
    assert hashed, "the pages name collectstatic's hashed files"
    with launched_chromium() as browser:
        walk(browser, f"{origin}/site/", f"{origin}/site/")
        walk(browser, f"{origin}/rel/index.html", f"{origin}/rel/")
        walk(browser, (www / "rel/index.html").as_uri(), (www / "rel").as_uri() + "/",
             file_origin=True)
