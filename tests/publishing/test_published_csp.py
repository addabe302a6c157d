"""Published pages under the static server's fixed, nonce-free policy, in Chromium: nothing
is blocked (JSON-LD is a data block; scripts are files), while an inline script added to a
published file is (so the policy really is enforced)."""

import pytest

from labsite.models import Domain
from publishing.serverconf import nginx_site
from publishing.services import publish_lab
from tests.browser.chromium import launched_chromium, watch_failed_requests
from tests.factories import make_person, make_publication
from tests.publishing.nginx import Nginx

pytestmark = pytest.mark.django_db

COLLECT_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
    (event) => window.__violations.push(event.violatedDirective + " " + event.blockedURI));
"""


def test_published_pages_run_under_the_static_policy_with_nothing_blocked(
        publish_root, lab_a, static_root, tmp_path):
    Domain.objects.create(lab=lab_a, host="127.0.0.1")  # what the browser asks for
    ada = make_person(lab=lab_a, full_name="Ada Moreau", slug="ada")
    make_publication(lab=lab_a, title="Sparse Attention", slug="sparse",
                     authors=[("Ada Moreau", ada)], doi="10.1000/sparse")
    publish_lab(lab=lab_a)
    tampered = publish_root / "127.0.0.1" / "people" / "index.html"
    tampered.write_bytes(tampered.read_bytes().replace(
        b"</body>", b"<script>document.title = 'ran'</script></body>"))

    port = Nginx.free_port()
    site = nginx_site(root=str(publish_root), listen=f"127.0.0.1:{port}", app="127.0.0.1:9")
    # The app is not running: static files from the collected folder, as a deployment may.
    site = site.replace("    location ~ ^/(admin",
                        f"    location ^~ /static/ {{ alias {static_root}/; }}\n"
                        "    location ~ ^/(admin", 1)
    nginx = Nginx(tmp_path / "nginx", site, port)
    try:
        with launched_chromium() as browser:
            page = browser.new_page()
            page.add_init_script(COLLECT_VIOLATIONS)
            failed = watch_failed_requests(page)
            for path in ("/", "/people/ada/", "/publications/", "/publications/sparse/"):
                page.goto(f"http://127.0.0.1:{port}{path}")
                assert page.evaluate("window.__violations") == [], path
                if path in ("/people/ada/", "/publications/sparse/"):  # JSON-LD, no nonce
                    assert page.locator('script[type="application/ld+json"]').count() == 1
            assert failed == []
            page.goto(f"http://127.0.0.1:{port}/people/")
            # The violation event is queued as a task: it may come after "load".
            page.wait_for_function("window.__violations.length > 0")
            assert page.evaluate("window.__violations") == ["script-src-elem inline"]
            assert page.title() != "ran"
    finally:
        nginx.stop()
