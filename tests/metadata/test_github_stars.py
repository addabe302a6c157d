"""Stars of code links from GitHub, against the loopback replay server in GitHub's format:
applied with their date, edits kept, one fetch per repository across labs, a renamed
repository (301), 404, rate limits, errors, tenancy, idempotence and the command."""

import time

import pytest
from django.core.management import call_command
from django.utils import timezone
from werkzeug.wrappers import Response

from labsite import versions
from metadata import stars as metadata_stars
from metadata.models import SourceRecord, SourceStatus
from metadata.refresh import refresh_lab
from metadata.sources.github import repository_key
from publications.imports.edits import record_edited_fields
from publications.models import Publication
from tests.factories import make_publication
from tests.metadata.replay_identity import (
    AnyPath,
    ReplayGitHub,
    json_response,
    replayed,
    repository_for,
)


@pytest.fixture
def github(settings, replay_server):
    settings.LABSITE_GITHUB_URL = replay_server.url_for("").rstrip("/")
    settings.LABSITE_GITHUB_TOKEN = ""
    settings.LABSITE_METADATA_TIMEOUT = 2
    settings.LABSITE_METADATA_RETRIES = 2
    settings.LABSITE_METADATA_MAX_BACKOFF = 2
    settings.LABSITE_METADATA_CONCURRENCY = 2
    return replay_server


@pytest.fixture
def replay(github):
    handler = ReplayGitHub({
        "octocat/hello-world": replayed("github", "repo_octocat_hello-world.json"),
        "mit-han-lab/streaming-llm": {**repository_for("mit-han-lab/streaming-llm", 6800),
                                      "id": 700},
        "hazyresearch/flash-attention-new": {
            **repository_for("HazyResearch/flash-attention-new", 12000), "id": 800},
    }, renamed={"hazyresearch/flash-attention": "hazyresearch/flash-attention-new"})
    github.expect_request(AnyPath()).respond_with_handler(handler)
    return handler


@pytest.fixture
def bumps(count_bumps):
    return count_bumps(metadata_stars)


def with_code(lab, url, **fields):
    return make_publication(lab=lab, links=[("pdf", "https://example.org/p.pdf"),
                                            ("code", url)], **fields)


def fresh(row):
    return Publication.objects.for_lab(row.lab).get(pk=row.pk)


@pytest.mark.parametrize(("url", "key"), [
    ("https://github.com/octocat/Hello-World", "octocat/hello-world"),
    ("https://github.com/octocat/Hello-World.git", "octocat/hello-world"),
    ("http://www.github.com/Octocat/hello-world/tree/main/src", "octocat/hello-world"),
    ("https://github.com/mit-han-lab/streaming-llm#readme", "mit-han-lab/streaming-llm"),
    ("https://github.com/octocat/Hello-World/?tab=readme", "octocat/hello-world"),
    ("https://github.com/octocat", ""),
    ("https://github.com/orgs/octocat/repositories", ""),
    ("https://gitlab.com/octocat/hello-world", ""),
    ("https://github.com.evil.example/octocat/x", ""),
])
def test_a_code_link_names_its_repository(url, key):
    assert repository_key(url) == key


def test_stars_are_applied_with_their_date_and_the_version_bumped_once(lab_a, replay, bumps):
    hello = with_code(lab_a, "https://github.com/octocat/Hello-World.git")
    streaming = with_code(lab_a, "https://github.com/mit-han-lab/streaming-llm/tree/main")
    same_repo = with_code(lab_a, "https://github.com/OCTOCAT/hello-world")
    no_code = make_publication(lab=lab_a, links=[("pdf", "https://github.com/octocat/x.pdf")])
    version = versions.lab_version(lab_a.id)

    report = refresh_lab(lab_a, source="github")

    today = timezone.now().date()
    assert (fresh(hello).code_stars, fresh(hello).code_stars_read_on) == (80, today)
    assert fresh(same_repo).code_stars == 80
    assert fresh(streaming).code_stars == 6800
    assert fresh(no_code).code_stars is None
    assert report.papers == 3 and report.identifiers == 2 and report.changed_papers == 3
    assert sorted(replay.requests) == ["/repos/mit-han-lab/streaming-llm",
                                       "/repos/octocat/hello-world"]
    assert bumps == [lab_a.id] and versions.lab_version(lab_a.id) != version
    assert all(h["Accept"] == "application/vnd.github+json" for h in replay.headers)
    assert not any("Authorization" in h for h in replay.headers)


def test_the_token_is_sent_when_set(lab_a, replay, settings):
    settings.LABSITE_GITHUB_TOKEN = "ghp_secret"
    with_code(lab_a, "https://github.com/octocat/Hello-World")
    refresh_lab(lab_a, source="github")
    assert replay.headers[0]["Authorization"] == "Bearer ghp_secret"


def test_stars_edited_in_admin_are_never_overwritten(lab_a, replay):
    edited = with_code(lab_a, "https://github.com/octocat/Hello-World", code_stars=5)
    record_edited_fields(edited, ["code_stars"])
    edited.save()
    refresh_lab(lab_a, source="github")
    assert fresh(edited).code_stars == 5
    assert SourceRecord.objects.get(source="github", value="octocat/hello-world").stars == 80


def test_a_renamed_repository_is_followed_and_kept_under_both_names(lab_a, replay):
    old = with_code(lab_a, "https://github.com/HazyResearch/flash-attention")
    refresh_lab(lab_a, source="github")
    assert fresh(old).code_stars == 12000
    assert replay.requests == ["/repos/hazyresearch/flash-attention", "/repositories/800"]
    records = SourceRecord.objects.filter(source="github").order_by("value")
    assert [(r.value, r.stars, r.source_id) for r in records] == [
        ("hazyresearch/flash-attention", 12000, "hazyresearch/flash-attention-new"),
        ("hazyresearch/flash-attention-new", 12000, "hazyresearch/flash-attention-new")]
    # A paper linking the new name finds the record without another call.
    new = with_code(lab_a, "https://github.com/hazyresearch/flash-attention-new")
    refresh_lab(lab_a, source="github")
    assert fresh(new).code_stars == 12000 and len(replay.requests) == 2


def test_an_unknown_repository_is_remembered_and_changes_nothing(lab_a, replay):
    gone = with_code(lab_a, "https://github.com/nobody/deleted", code_stars=3)
    refresh_lab(lab_a, source="github")
    assert fresh(gone).code_stars == 3
    assert SourceRecord.objects.get(value="nobody/deleted").status == "not_found"
    refresh_lab(lab_a, source="github")
    assert replay.requests == ["/repos/nobody/deleted"]  # not asked again while fresh


def test_a_second_refresh_fetches_and_changes_nothing(lab_a, replay, bumps):
    with_code(lab_a, "https://github.com/octocat/Hello-World")
    refresh_lab(lab_a, source="github")
    updated = list(Publication.objects.for_lab(lab_a).values_list("updated", flat=True))
    again = refresh_lab(lab_a, source="github")
    assert again.changed_papers == 0 and again.fetched == 0 and len(replay.requests) == 1
    assert list(Publication.objects.for_lab(lab_a).values_list("updated", flat=True)) == updated
    assert bumps == [lab_a.id]


def test_two_labs_share_one_record_and_a_refresh_writes_only_its_own_lab(lab_a, lab_b, replay):
    mine = with_code(lab_a, "https://github.com/octocat/Hello-World")
    theirs = with_code(lab_b, "https://github.com/octocat/hello-world.git", code_stars=1)
    refresh_lab(lab_a, source="github")
    assert fresh(theirs).code_stars == 1  # lab A's refresh never writes lab B's rows
    refresh_lab(lab_b, source="github")
    assert fresh(mine).code_stars == fresh(theirs).code_stars == 80
    assert replay.requests == ["/repos/octocat/hello-world"]  # fetched once for both
    assert SourceRecord.objects.filter(source="github").count() == 1


def test_429_with_retry_after_is_waited_for(lab_a, github):
    github.expect_ordered_request("/repos/octocat/hello-world").respond_with_response(
        Response("slow down", 429, headers={"Retry-After": "1"}))
    github.expect_ordered_request("/repos/octocat/hello-world").respond_with_json(
        replayed("github", "repo_octocat_hello-world.json"))
    row = with_code(lab_a, "https://github.com/octocat/Hello-World")
    started = time.monotonic()
    refresh_lab(lab_a, source="github")
    assert time.monotonic() - started >= 1.0
    assert fresh(row).code_stars == 80


def test_a_used_up_rate_limit_fails_at_once_and_old_values_stay(lab_a, github):
    reset = str(int(time.time()) + 3600)
    github.expect_request("/repos/octocat/hello-world").respond_with_response(json_response(
        replayed("github", "rate_limited.json"), 403,
        {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset}))
    row = with_code(lab_a, "https://github.com/octocat/Hello-World", code_stars=7)
    report = refresh_lab(lab_a, source="github")
    assert fresh(row).code_stars == 7 and report.failed_batches == 1
    assert "rate limit used up" in report.errors[0]
    assert len(github.log) == 1  # not hammered while the limit lasts
    assert "rate limit" in SourceStatus.objects.get(source="github").last_error


def test_a_rate_limit_that_resets_soon_is_waited_for(lab_a, github):
    reset = str(int(time.time()) + 1)
    github.expect_ordered_request("/repos/octocat/hello-world").respond_with_response(
        json_response(replayed("github", "rate_limited.json"), 403,
                      {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset}))
    github.expect_ordered_request("/repos/octocat/hello-world").respond_with_json(
        replayed("github", "repo_octocat_hello-world.json"))
    row = with_code(lab_a, "https://github.com/octocat/Hello-World")
    refresh_lab(lab_a, source="github")
    assert fresh(row).code_stars == 80


@pytest.mark.parametrize("answer", [
    Response("oops", 500),
    Response('{"full_name": ', 200, content_type="application/json"),
    Response('{"message": "not a repo"}', 200, content_type="application/json"),
    Response("forbidden", 403),
])
def test_errors_and_garbage_keep_the_old_stars(lab_a, github, answer):
    github.expect_request("/repos/octocat/hello-world").respond_with_response(answer)
    row = with_code(lab_a, "https://github.com/octocat/Hello-World", code_stars=7)
    report = refresh_lab(lab_a, source="github")
    assert fresh(row).code_stars == 7 and report.failed_batches == 1
    assert SourceStatus.objects.get(source="github").consecutive_failures == 1
    assert not SourceRecord.objects.filter(source="github").exists()


def test_a_time_out_keeps_the_old_stars(lab_a, github, settings):
    settings.LABSITE_METADATA_TIMEOUT = 0.3
    settings.LABSITE_METADATA_RETRIES = 0

    def slow(request):
        time.sleep(1.0)
        return json_response(replayed("github", "repo_octocat_hello-world.json"))

    github.expect_request("/repos/octocat/hello-world").respond_with_handler(slow)
    row = with_code(lab_a, "https://github.com/octocat/Hello-World", code_stars=7)
    report = refresh_lab(lab_a, source="github")
    assert fresh(row).code_stars == 7 and "no answer in time" in report.errors[0]


def test_the_command_refreshes_stars_of_one_lab(lab_a, lab_b, replay, capsys):
    row = with_code(lab_a, "https://github.com/octocat/Hello-World")
    other = with_code(lab_b, "https://github.com/octocat/Hello-World")
    call_command("refresh_metadata", "--source", "github", "--lab", "lab-a", "--now")
    assert "lab-a: 1 papers with an identifier, 1 fetched, 1 changed" in (
        capsys.readouterr().out)
    assert fresh(row).code_stars == 80 and fresh(other).code_stars is None


def test_the_publication_list_shows_the_stars_read(lab_a, client_a, replay):
    with_code(lab_a, "https://github.com/octocat/Hello-World")
    refresh_lab(lab_a, source="github")
    page = client_a.get("/publications/")
    assert "★ 80" in page.text and "80 stars on the code repository" in page.text
