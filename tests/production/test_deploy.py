"""Production settings: check --deploy, CSP with nonces, media served safely, static files."""

import json
import re
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.factories import make_award, make_news, make_person, make_publication
from tests.production.live import BASE_DIR, app_env, manage


def production_env(tmp_path, **extra) -> dict:
    """The production environment of the load tests, behind TLS, on an SQLite file."""
    var_dir = tmp_path / "var"
    env = app_env(
        var_dir,
        f"sqlite:///{var_dir / 'labsite.sqlite3'}",
        **{"HTTPS": "1", "ALLOWED_HOSTS": "lab.example.org,www.example.edu", **extra},
    )
    del env["CONN_MAX_AGE"]  # the production default is what is checked below
    return env


def test_check_deploy_passes_with_production_settings(tmp_path):
    result = manage(
        production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING", check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_when_production_settings_are_missing(tmp_path):
    # The control: without HTTPS the same check must complain (HSTS, SSL redirect, cookies).
    result = manage(
        production_env(tmp_path, HTTPS="0"),
        *("check", "--deploy", "--fail-level", "WARNING"),
        check=False,
    )
    assert result.returncode != 0
    assert "SECURE_HSTS_SECONDS" in result.stderr + result.stdout


def test_production_settings_values(tmp_path):
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'static': s.STORAGES['staticfiles']['BACKEND'], "
        "'conn_max_age': s.DATABASES['default']['CONN_MAX_AGE'], "
        "'health': s.DATABASES['default']['CONN_HEALTH_CHECKS'], "
        "'proxy': s.SECURE_PROXY_SSL_HEADER, 'cookie': s.SESSION_COOKIE_SECURE, "
        "'hsts': s.SECURE_HSTS_SECONDS, 'referrer': s.SECURE_REFERRER_POLICY}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values == {
        "static": "labsite.static_storage.ManifestStaticStorage",
        "conn_max_age": 60,
        "health": True,
        "proxy": ["HTTP_X_FORWARDED_PROTO", "https"],
        "cookie": True,
        "hsts": 31536000,
        "referrer": "strict-origin-when-cross-origin",
    }


# --- Content-Security-Policy ------------------------------------------------------------------

INLINE_TAG = re.compile(r"<(script|style)\b([^>]*)>", re.IGNORECASE)
NONCE_ATTR = re.compile(r'\bnonce="([^"]*)"')


def directives_of(header: str) -> dict[str, list[str]]:
    out = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


def check_csp(response) -> int:
    """Asserts a strict policy and that every inline script/style carries its nonce.

    Returns how many inline elements were checked."""
    header = response.headers.get("Content-Security-Policy", "")
    policy = directives_of(header)
    assert policy, f"no CSP header on {response.request['PATH_INFO']}"
    scripts = policy["script-src"]
    assert "'self'" in scripts
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    header_nonces = {w[len("'nonce-") : -1] for w in scripts if w.startswith("'nonce-")}
    body = response.content.decode()
    checked = 0
    for match in INLINE_TAG.finditer(body):
        tag, attrs = match.group(1).lower(), match.group(2)
        if tag == "script" and re.search(r"\bsrc=", attrs):
            continue
        nonce = NONCE_ATTR.search(attrs)
        assert nonce, f"inline <{tag}{attrs}> without a nonce on {response.request['PATH_INFO']}"
        assert header_nonces == {nonce.group(1)}, "the nonce in the page is not the header's"
        checked += 1
    # Inline event handlers cannot carry a nonce: the pages must not have any.
    assert not re.search(r"<[^>]+\son[a-z]+\s*=", body), "inline event handler attribute"
    return checked


@pytest.fixture
def content(lab_a):
    person = make_person(
        lab=lab_a, full_name="Ada Lovelace", slug="ada", email="ada@example.org", bio="Engines."
    )
    paper = make_publication(
        lab=lab_a,
        title="Engines considered harmful",
        slug="engines",
        authors=[("Ada Lovelace", person), "C. Babbage"],
        abstract="We study engines.",
        doi="10.1/x",
    )
    make_news(lab=lab_a, title="Accepted", body="Our paper got in.", slug="accepted")
    make_award(lab=lab_a, title="Best Paper", kind="paper", publication=paper)
    return person, paper


PUBLIC_PAGES = [
    "/",
    "/people/",
    "/people/ada/",
    "/publications/",
    "/publications/engines/",
    "/news/",
    "/news/accepted/",
    "/awards/",
]


@pytest.mark.django_db
def test_public_pages_send_a_strict_policy_and_nonce_their_inline_code(client_a, content):
    served, inline = [], 0
    for path in PUBLIC_PAGES:
        response = client_a.get(path)
        assert response.status_code == 200, path
        inline += check_csp(response)
        served.append(path)
        if "application/ld+json" in response.content.decode():
            assert re.search(
                r'<script type="application/ld\+json" nonce="[^"]+"', response.content.decode()
            ), f"JSON-LD without nonce on {path}"
    print(f"CSP checked on {served}: {inline} inline elements with nonces")
    assert served == PUBLIC_PAGES
    assert inline >= 2  # the homepage's and the paper's JSON-LD


@pytest.mark.django_db
def test_a_cached_page_gets_a_fresh_nonce_every_time(lab_a, content):
    client = Client(HTTP_HOST="a.example.org")
    first, second = client.get("/people/ada/"), client.get("/people/ada/")
    assert first.status_code == second.status_code == 200
    assert first["ETag"] == second["ETag"]  # the second one came from the page cache
    nonces = []
    for response in (first, second):
        header = response["Content-Security-Policy"]
        found = re.findall(r"'nonce-([^']+)'", header)
        assert found, "a homepage uses a nonce (its JSON-LD script)"
        assert set(NONCE_ATTR.findall(response.content.decode())) == {found[0]}
        nonces.append(found[0])
    assert nonces[0] != nonces[1]
    assert len(first.content) == len(second.content)


@pytest.mark.django_db
def test_admin_works_under_the_policy(lab_a, content):
    admin = get_user_model().objects.create_superuser(
        "root", "root@example.org", "pw-long-enough-1"
    )
    client = Client(HTTP_HOST="a.example.org")
    login = client.get("/admin/login/")
    assert login.status_code == 200
    check_csp(login)
    client.force_login(admin)
    for path in [
        "/admin/",
        "/admin/people/person/",
        "/admin/people/person/add/",
        "/admin/publications/publication/",
    ]:
        response = client.get(path)
        if response.status_code == 404:
            continue
        assert response.status_code == 200, path
        check_csp(response)
        # Admin scripts come from our own static files, which 'self' allows.
        for src in re.findall(r'<script[^>]*\ssrc="([^"]+)"', response.content.decode()):
            assert src.startswith("/"), src


@pytest.mark.django_db
def test_the_503_page_works_under_the_policy(client_a, monkeypatch):
    from django.db import OperationalError

    def down(host):
        raise OperationalError("connection refused")

    monkeypatch.setattr("labsite.middleware.resolve_host", down)
    response = client_a.get("/people/")
    assert response.status_code == 503
    assert "Back in a moment" in response.content.decode()
    check_csp(response)


# --- Media ------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, content, expected_type",
    [
        ("labs/x/evil.html", b"<html><script>alert(1)</script></html>", "application/octet-stream"),
        (
            "labs/x/evil.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            "application/octet-stream",
        ),
        (
            "labs/x/evil.xhtml",
            b"<html><script>alert(1)</script></html>",
            "application/octet-stream",
        ),
        ("labs/x/evil.js", b"alert(1)", "application/octet-stream"),
        ("labs/x/page.htm", b"<script>alert(1)</script>", "application/octet-stream"),
        ("labs/x/disguised.png", b"<html><script>alert(1)</script></html>", "image/png"),
        ("labs/x/photo.jpg", b"\xff\xd8\xff\xe0 not really", "image/jpeg"),
    ],
)
def test_uploaded_media_is_never_rendered_as_a_page(
    client_a, media_root, name, content, expected_type
):
    path = media_root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    response = client_a.get("/media/" + name)
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body == content
    content_type = response["Content-Type"]
    assert content_type.split(";")[0] == expected_type
    assert "html" not in content_type and "svg" not in content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    if expected_type == "application/octet-stream":
        assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.django_db
def test_media_paths_cannot_leave_the_media_folder(client_a, media_root, tmp_path):
    (tmp_path / "secret.txt").write_text("secret")
    media_root.mkdir(parents=True, exist_ok=True)
    for path in ["/media/../secret.txt", "/media/%2e%2e/secret.txt", "/media/..%2fsecret.txt"]:
        response = client_a.get(path)
        assert response.status_code == 404, path


# --- Request size -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_oversized_body_is_refused_before_it_is_read(client_a, settings):
    settings.LABSITE_MAX_REQUEST_BYTES = 1024 * 1024
    response = client_a.post(
        "/admin/login/", data=b"x" * (2 * 1024 * 1024), content_type="application/octet-stream"
    )
    assert response.status_code == 413
    assert "too large" in response.content.decode() and "limit is 1 MB" in response.content.decode()


@pytest.mark.django_db
def test_an_oversized_form_is_a_400_not_a_500(client_a, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
    response = client_a.post("/admin/login/", data={"username": "x", "password": "y" * 100_000})
    assert response.status_code == 400
