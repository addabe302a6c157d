import json

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_healthz_reports_ok(client_a):
    response = client_a.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_unreachable(client_a, monkeypatch):
    from django.db.utils import OperationalError

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client_a.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["database"] == "unreachable"


def test_pages_answer_a_friendly_503_when_the_database_is_down(client_a, monkeypatch, lab_b):
    from django.db.utils import OperationalError

    from labsite import tenancy

    def refuse(host):
        raise OperationalError("the database system is shutting down")

    monkeypatch.setattr(tenancy, "_lookup", refuse)
    response = client_a.get("/", HTTP_HOST="c.example.org")
    assert response.status_code == 503
    assert "Back in a moment" in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_robots_txt_points_at_the_lab_sitemap(client_a):
    response = client_a.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://a.example.org/sitemap.xml" in body


def test_admin_login_page_is_served(client_a):
    response = client_a.get("/admin/login/")
    assert response.status_code == 200
    assert 'name="username"' in response.content.decode()


def test_lab_about_markdown_is_rendered_and_sanitised(client_a, lab_a):
    lab_a.about = "Hello <script>alert(1)</script> [x](javascript:alert(1)) **bold**"
    lab_a.save()
    page = client_a.get("/").content.decode()
    assert "<strong>bold</strong>" in page
    assert "<script>alert" not in page and "javascript:" not in page
