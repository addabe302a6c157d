"""The polite client against a loopback server: identification, time-outs, bounded
answers, retries with Retry-After and backoff, and what counts as a failure."""

import json
import time

import pytest
from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Response

from metadata.http import FetchFailed, NotFound, get_json


def base(server):
    return server.url_for("").rstrip("/")


def test_a_normal_answer_is_read_and_the_client_says_who_it_is(openalex):
    openalex.expect_request("/works/W1").respond_with_json({"id": "https://openalex.org/W1"})
    assert get_json("openalex", base(openalex), "/works/W1") == {"id": "https://openalex.org/W1"}
    request, _ = openalex.log[0]
    assert "mailto:webmaster@example.org" in request.headers["User-Agent"]
    assert request.args["mailto"] == "webmaster@example.org"


def test_429_waits_as_long_as_retry_after_says_then_succeeds(openalex):
    openalex.expect_ordered_request("/works").respond_with_response(
        Response("slow down", 429, headers={"Retry-After": "1"}))
    openalex.expect_ordered_request("/works").respond_with_json({"results": []})
    started = time.monotonic()
    assert get_json("openalex", base(openalex), "/works") == {"results": []}
    assert time.monotonic() - started >= 1.0
    assert len(openalex.log) == 2


def test_a_500_is_retried_and_then_fails_with_a_message(openalex):
    openalex.expect_request("/works").respond_with_data("oops", status=500)
    with pytest.raises(FetchFailed, match="HTTP 500 after 3 attempts"):
        get_json("openalex", base(openalex), "/works")
    assert len(openalex.log) == 3  # LABSITE_METADATA_RETRIES = 2, plus the first


def test_a_request_error_is_not_retried(openalex):
    openalex.expect_request("/works").respond_with_data("bad filter", status=403)
    with pytest.raises(FetchFailed, match="HTTP 403"):
        get_json("openalex", base(openalex), "/works")
    assert len(openalex.log) == 1


def test_a_time_out_is_a_failure_not_a_hang(openalex, settings):
    settings.LABSITE_METADATA_TIMEOUT = 0.3
    settings.LABSITE_METADATA_RETRIES = 1

    def slow(request):
        time.sleep(1.0)
        return Response("{}", content_type="application/json")

    openalex.expect_request("/works").respond_with_handler(slow)
    started = time.monotonic()
    with pytest.raises(FetchFailed, match="no answer in time"):
        get_json("openalex", base(openalex), "/works")
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("body", ['{"results": [', "<html>Service</html>", "\xff\xfe"])
def test_malformed_json_is_a_failure(openalex, body):
    openalex.expect_request("/works").respond_with_data(body, content_type="application/json")
    with pytest.raises(FetchFailed, match="malformed JSON"):
        get_json("openalex", base(openalex), "/works")


def test_json_that_is_not_an_object_is_a_failure(openalex):
    openalex.expect_request("/works").respond_with_data("[1, 2]")
    with pytest.raises(FetchFailed, match="not an object"):
        get_json("openalex", base(openalex), "/works")


def test_an_oversized_answer_is_refused(openalex, settings):
    settings.LABSITE_METADATA_MAX_RESPONSE_BYTES = 1000
    openalex.expect_request("/works").respond_with_data(json.dumps({"x": "y" * 5000}))
    with pytest.raises(FetchFailed, match="over 1000 bytes"):
        get_json("openalex", base(openalex), "/works")


def test_404_is_not_found(openalex):
    openalex.expect_request("/works/W404").respond_with_data("{}", status=404)
    with pytest.raises(NotFound):
        get_json("openalex", base(openalex), "/works/W404")


def test_nothing_listening_is_a_failure(settings, openalex):
    settings.LABSITE_METADATA_RETRIES = 0
    with pytest.raises(FetchFailed):
        get_json("openalex", "http://127.0.0.1:9", "/works")


def test_a_token_follows_a_redirect_on_its_host_but_never_to_another(openalex):
    other = HTTPServer(host="127.0.0.1", port=0)
    other.start()
    try:
        other.expect_request("/elsewhere").respond_with_json({"moved": True})
        openalex.expect_request("/repos/a/b").respond_with_response(
            Response("", 301, headers={"Location": "/repos/a/c"}))
        openalex.expect_request("/repos/a/c").respond_with_response(
            Response("", 301, headers={"Location": other.url_for("/elsewhere")}))
        answer = get_json("github", base(openalex), "/repos/a/b",
                          headers={"Authorization": "Bearer secret", "X-Api-Key": "k"})
        assert answer == {"moved": True}
        same_host = openalex.log[1][0]
        assert same_host.headers["Authorization"] == "Bearer secret"
        elsewhere = other.log[0][0]
        assert "Authorization" not in elsewhere.headers
        assert "X-Api-Key" not in elsewhere.headers
        assert "labsite" in elsewhere.headers["User-Agent"]
    finally:
        other.clear()
        other.stop()


def test_a_caller_woken_late_pushes_the_next_turn_back(openalex, settings, monkeypatch):
    """The interval runs from when a call actually goes: a busy machine that wakes one caller
    late must not let the next follow it closely."""
    settings.LABSITE_METADATA_MIN_INTERVALS = {"strict": 0.2}
    openalex.expect_request("/works").respond_with_json({})
    real_sleep, slept = time.sleep, []

    def oversleeping(seconds):
        slept.append(seconds)
        real_sleep(seconds + (0.15 if len(slept) == 1 else 0))  # the first wait wakes late

    monkeypatch.setattr("metadata.http.time.sleep", oversleeping)
    gone = []
    for _ in range(3):
        get_json("strict", base(openalex), "/works")
        gone.append(time.monotonic())
    assert len(slept) == 2  # the first call had no one to wait for
    # (Times taken after each answer: loopback answers take a few ms, hence the margins.)
    assert gone[1] - gone[0] >= 0.3, gone  # its turn, 0.2 s, and 0.15 s late
    # A whole interval after the late call; counted from its booked turn, it would be 0.05.
    assert gone[2] - gone[1] >= 0.15, gone
