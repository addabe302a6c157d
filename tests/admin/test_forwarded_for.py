"""X-Forwarded-For arriving while LABSITE_TRUSTED_PROXY_COUNT is 0: logged once, and
reported by ``check --deploy`` (labsite.W001), which ``make serve`` runs."""

import logging

import pytest
from django.core import checks
from django.db import connection
from django.test import Client

from labsite import proxies
from labsite.models import ForwardedForSighting
from tests.production.live import manage
from tests.production.test_deploy import production_env

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_process(monkeypatch):
    """Each test is a process that has not seen the header yet."""
    monkeypatch.setattr(proxies, "_sighting_recorded", False)


def deploy_warnings():
    found = checks.run_checks(include_deployment_checks=True)
    return [message for message in found if message.id == "labsite.W001"]


def through_proxy(forwarded_for="203.0.113.5"):
    client = Client(HTTP_HOST="a.example.org", REMOTE_ADDR="127.0.0.1")
    return client.get("/admin/login/", HTTP_X_FORWARDED_FOR=forwarded_for)


def proxy_warnings(caplog):
    return [
        record
        for record in caplog.records
        if record.name == "labsite.proxies" and record.levelno == logging.WARNING
    ]


def test_the_header_without_a_proxy_count_is_logged_once_and_reported(lab_a, caplog):
    assert deploy_warnings() == []
    with caplog.at_level(logging.WARNING, logger="labsite.proxies"):
        for _ in range(3):
            response = through_proxy()
            assert "Log in" in response.content.decode()  # the request itself is unaffected
    (record,) = proxy_warnings(caplog)
    assert "127.0.0.1" in record.getMessage()
    assert "LABSITE_TRUSTED_PROXY_COUNT" in record.getMessage()

    (warning,) = deploy_warnings()
    assert warning.level == checks.WARNING
    assert "Requests from 127.0.0.1 carried X-Forwarded-For" in warning.msg
    assert "'203.0.113.5'" in warning.msg
    assert "Set LABSITE_TRUSTED_PROXY_COUNT to the number of proxies" in warning.hint


def test_no_warning_without_the_header(lab_a, caplog):
    with caplog.at_level(logging.WARNING, logger="labsite.proxies"):
        Client(HTTP_HOST="a.example.org").get("/admin/login/")
    assert proxy_warnings(caplog) == []
    assert not ForwardedForSighting.objects.exists()
    assert deploy_warnings() == []


def test_no_warning_when_the_proxy_count_is_set(lab_a, settings, caplog):
    through_proxy()  # recorded while the count was still 0
    assert len(deploy_warnings()) == 1
    settings.LABSITE_TRUSTED_PROXY_COUNT = 1
    assert deploy_warnings() == []
    ForwardedForSighting.objects.all().delete()
    proxies._sighting_recorded = False
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="labsite.proxies"):
        through_proxy()
    assert proxy_warnings(caplog) == []
    assert not ForwardedForSighting.objects.exists()


def test_a_huge_header_is_stored_shortened(lab_a):
    through_proxy(", ".join(["198.51.100.1"] * 2000))
    assert len(ForwardedForSighting.objects.get().forwarded_for) == 200


def test_a_database_error_while_recording_costs_the_request_nothing(lab_a, caplog):
    table = connection.ops.quote_name(ForwardedForSighting._meta.db_table)
    with connection.cursor() as cursor:  # rolled back with the test
        cursor.execute(f"DROP TABLE {table}")
    with caplog.at_level(logging.WARNING, logger="labsite.proxies"):
        response = through_proxy()
        assert "Log in" in response.content.decode()
        assert "Log in" in through_proxy().content.decode()
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1 and "Could not record" in errors[0].getMessage()
    assert len(proxy_warnings(caplog)) == 1  # the log still tells the operator
    assert deploy_warnings() == []  # and the check copes with the missing table


RECORD_A_PROXIED_REQUEST = """
import django
django.setup()
from django.db import connection
from django.test import Client
response = Client(HTTP_HOST="lab.example.org", REMOTE_ADDR="127.0.0.1").get(
    "/healthz", secure=True, HTTP_X_FORWARDED_FOR="203.0.113.5"
)
print(response.status_code)
"""


def test_check_deploy_warns_after_a_proxied_request_and_not_once_the_count_is_set(tmp_path):
    env = production_env(tmp_path)
    manage(env, "migrate", "--noinput")
    before = manage(env, "check", "--deploy", "--fail-level", "WARNING", check=False)
    assert before.returncode == 0, before.stdout + before.stderr
    manage(env, "shell", "-c", RECORD_A_PROXIED_REQUEST)

    after = manage(env, "check", "--deploy", check=False)
    output = after.stdout + after.stderr
    assert after.returncode == 0  # a warning: make serve still starts
    assert "(labsite.W001) Requests from 127.0.0.1 carried X-Forwarded-For" in output
    assert "HINT: Set LABSITE_TRUSTED_PROXY_COUNT" in output

    env["LABSITE_TRUSTED_PROXY_COUNT"] = "1"
    fixed = manage(env, "check", "--deploy", "--fail-level", "WARNING", check=False)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "labsite.W001" not in fixed.stdout + fixed.stderr
