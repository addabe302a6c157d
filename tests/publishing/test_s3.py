"""Publishing to a real S3 API server (moto's server mode on loopback): every page of the
directory publish, the same bytes, with its type and cache headers; upload first, delete
after; unchanged objects not sent again; one lab never touches another lab's prefix."""

import pytest
from django.core.management import CommandError, call_command
from django_tasks_db.models import DBTaskResult

from labsite.models import Domain
from news.models import NewsItem
from people.models import Person
from publishing import tasks
from publishing.models import PublishState
from publishing.paths import CONTENT_TYPES, PublishError
from publishing.services import publish_lab
from tests.factories import make_person, make_publication
from tests.publishing.faults import crash_on_render
from tests.publishing.s3server import bucket_keys, http_get
from tests.publishing.test_publish import published_files

pytestmark = pytest.mark.django_db

MANIFEST = ".publish/"


def published_objects(endpoint, bucket, prefix) -> dict[str, dict]:
    """Every published page under ``prefix`` by ``host/path`` (the lab manifests left out)."""
    return {key[len(prefix):]: item for key, item in bucket_keys(endpoint, bucket, prefix).items()
            if not key[len(prefix):].startswith(MANIFEST)}


def test_every_page_is_served_from_the_bucket_with_its_type_cache_header_and_bytes(
        settings, tmp_path, s3_target, lab_a_content, capsys):
    endpoint, bucket, prefix = s3_target
    settings.LABSITE_PUBLISH_TARGET, settings.LABSITE_PUBLISH_ROOT = "", str(tmp_path / "dir")
    call_command("publish", "lab-a")
    files = published_files(tmp_path / "dir")
    settings.LABSITE_PUBLISH_TARGET, settings.LABSITE_PUBLISH_ROOT = (
        f"s3://{bucket}/site?endpoint_url={endpoint}", "")

    call_command("publish", "lab-a")

    assert f"{len(files)} uploaded, 0 unchanged, 0 deleted" in capsys.readouterr().out
    objects = published_objects(endpoint, bucket, prefix)
    assert set(objects) == set(files)
    assert {"a.example.org/publications.bib", "a.example.org/news/feed/index.atom",
            "a.example.org/sitemap.xml", "a.example.org/robots.txt",
            "ada.example.net/index.html"} <= set(objects)
    for name, body in files.items():
        status, headers, served = http_get(f"{endpoint}/{bucket}/{prefix}{name}")
        assert served == body, name
        assert headers["Content-Type"] == CONTENT_TYPES[name.rsplit(".", 1)[-1]], name
        assert headers["Cache-Control"] == "public, max-age=60", name
    _, headers, home = http_get(f"{endpoint}/{bucket}/{prefix}a.example.org/index.html")
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"Alpha Systems Lab" in home
    _, headers, _ = http_get(f"{endpoint}/{bucket}/{prefix}a.example.org/publications.bib")
    assert headers["Content-Type"] == "application/x-bibtex; charset=utf-8"


def test_a_second_publish_sends_nothing_and_a_removed_page_is_deleted_after_the_upload(
        s3_target, lab_a_content):
    endpoint, bucket, prefix = s3_target
    first = publish_lab(lab=lab_a_content.lab)
    before = published_objects(endpoint, bucket, prefix)

    again = publish_lab(lab=lab_a_content.lab)
    assert again.target == {"uploaded": 0, "unchanged": first.files, "deleted": 0}
    after = published_objects(endpoint, bucket, prefix)
    assert {k: v["LastModified"] for k, v in after.items()} == \
        {k: v["LastModified"] for k, v in before.items()}

    NewsItem.objects.for_lab(lab_a_content.lab).filter(slug="alpha-prize").delete()
    third = publish_lab(lab=lab_a_content.lab)
    objects = published_objects(endpoint, bucket, prefix)
    assert "a.example.org/news/alpha-prize/index.html" not in objects
    assert third.target["deleted"] == 1
    # The lists, the feed and the sitemap that named it were uploaded anew; the rest kept.
    assert 0 < third.target["uploaded"] < third.files
    _, _, news = http_get(f"{endpoint}/{bucket}/{prefix}a.example.org/news/index.html")
    assert b"Alpha wins a prize" not in news


def test_a_publish_that_fails_halfway_leaves_every_object_as_it_was(
        s3_target, lab_a_content, monkeypatch):
    endpoint, bucket, prefix = s3_target
    publish_lab(lab=lab_a_content.lab)
    before = published_objects(endpoint, bucket, prefix)
    make_publication(lab=lab_a_content.lab, title="Never Half Published", slug="half")
    crash_on_render(monkeypatch, at=8)
    with pytest.raises(PublishError):
        publish_lab(lab=lab_a_content.lab)
    assert published_objects(endpoint, bucket, prefix) == before


def test_an_unreachable_server_is_a_message_and_a_bad_target_is_named(
        settings, lab_a_content, s3_bucket):
    settings.LABSITE_PUBLISH_ROOT = ""
    settings.LABSITE_PUBLISH_TARGET = f"s3://{s3_bucket}?endpoint_url=http://127.0.0.1:9"
    with pytest.raises(CommandError, match=rf"lab-a: S3 bucket '{s3_bucket}': .*127\.0\.0\.1:9"):
        call_command("publish", "lab-a")
    settings.LABSITE_PUBLISH_TARGET = "s3://bucket?secret=1"
    with pytest.raises(CommandError, match="LABSITE_PUBLISH_TARGET: unknown option"):
        call_command("publish", "lab-a")


# --- Tenancy --------------------------------------------------------------------------------


@pytest.fixture
def two_labs_sharing_a_paper(lab_a_content, lab_b):
    """Lab B co-authored lab A's paper and has its own record of it, and a member."""
    make_publication(lab=lab_b, title="Sparse Attention for Alpha Workloads", slug="sparse-b",
                     authors=["Ada Moreau", ("Bea Lund", make_person(lab=lab_b, slug="bea",
                                                                     full_name="Bea Lund"))])
    make_publication(lab=lab_a_content.lab, title="Alpha Only Result", slug="alpha-only")
    return lab_a_content.lab, lab_b


def test_each_lab_is_under_its_own_hosts_and_never_touches_the_other(
        s3_target, two_labs_sharing_a_paper):
    endpoint, bucket, prefix = s3_target
    lab_a, lab_b = two_labs_sharing_a_paper
    publish_lab(lab=lab_a)
    objects_a = published_objects(endpoint, bucket, prefix)

    report_b = publish_lab(lab=lab_b)
    objects = published_objects(endpoint, bucket, prefix)
    of_b = {k: v for k, v in objects.items() if k.startswith("b.example.org/")}
    assert set(objects) == set(objects_a) | set(of_b) and len(of_b) == report_b.files
    assert {k: v["ETag"] for k, v in objects.items() if k in objects_a} == \
        {k: v["ETag"] for k, v in objects_a.items()}
    for name in of_b:
        _, _, body = http_get(f"{endpoint}/{bucket}/{prefix}{name}")
        assert b"Alpha Only Result" not in body and b"Alpha Systems Lab" not in body, name
    paper_b = "b.example.org/publications/sparse-b/index.html"
    _, _, paper = http_get(f"{endpoint}/{bucket}/{prefix}{paper_b}")
    assert b"Sparse Attention for Alpha Workloads" in paper

    NewsItem.objects.for_lab(lab_a).delete()  # lab A's next publish deletes only its own
    publish_lab(lab=lab_a)
    assert {k: v["ETag"] for k, v in published_objects(endpoint, bucket, prefix).items()
            if k.startswith("b.example.org/")} == {k: v["ETag"] for k, v in of_b.items()}


def test_a_host_that_looks_like_another_labs_prefix_stays_apart(
        s3_target, two_labs_sharing_a_paper):
    """Lab B on ``a.example.org.evil.net``: a key prefix of lab A's host without the
    ``/``. Neither lab's publish lists, replaces or deletes the other's objects."""
    endpoint, bucket, prefix = s3_target
    lab_a, lab_b = two_labs_sharing_a_paper
    Domain.objects.filter(lab=lab_b).update(host="a.example.org.evil.net")
    publish_lab(lab=lab_a)
    objects_a = published_objects(endpoint, bucket, prefix)
    publish_lab(lab=lab_b)
    publish_lab(lab=lab_a)
    objects = published_objects(endpoint, bucket, prefix)
    assert {k: v["ETag"] for k, v in objects.items() if not k.startswith("a.example.org.")} \
        == {k: v["ETag"] for k, v in objects_a.items()}
    assert any(k.startswith("a.example.org.evil.net/") for k in objects)


def test_a_hostile_host_publishes_nothing(s3_target, two_labs_sharing_a_paper):
    endpoint, bucket, prefix = s3_target
    lab_a, lab_b = two_labs_sharing_a_paper
    publish_lab(lab=lab_a)
    objects_a = published_objects(endpoint, bucket, prefix)
    for hostile in ("../site/a.example.org", "a.example.org/news", ".publish"):
        Domain.objects.filter(lab=lab_b).update(host=hostile)  # past the model's validation
        with pytest.raises(PublishError, match="Refusing host"):
            publish_lab(lab=lab_b)
        assert published_objects(endpoint, bucket, prefix) == objects_a
    assert not bucket_keys(endpoint, bucket, f"{prefix}{MANIFEST}lab-{lab_b.pk}")


def test_a_host_given_up_is_emptied_unless_another_lab_now_owns_it(
        s3_target, two_labs_sharing_a_paper):
    endpoint, bucket, prefix = s3_target
    lab_a, lab_b = two_labs_sharing_a_paper

    def pages_of(host):
        return {k: v["ETag"] for k, v in published_objects(endpoint, bucket, prefix).items()
                if k.startswith(f"{host}/")}

    publish_lab(lab=lab_a)
    ada_pages = pages_of("ada.example.net")
    assert ada_pages

    bea = Person.objects.for_lab(lab_b).get(slug="bea")
    domain = Domain.objects.get(host="ada.example.net")
    domain.lab, domain.person = lab_b, bea
    domain.save()
    publish_lab(lab=lab_a)  # lab B owns the host now: lab A leaves its objects alone
    assert pages_of("ada.example.net") == ada_pages

    publish_lab(lab=lab_b)
    _, _, home = http_get(f"{endpoint}/{bucket}/{prefix}ada.example.net/index.html")
    assert b"<h1>Bea Lund</h1>" in home and b"Ada Moreau</h1>" not in home

    Domain.objects.filter(host="ada.example.net").delete()
    publish_lab(lab=lab_b)  # nobody owns it: lab B, which published it last, empties it
    assert pages_of("ada.example.net") == {}
    assert pages_of("b.example.org")


def test_an_edit_publishes_to_the_bucket_through_the_task_engine(
        s3_target, lab_a_content, django_capture_on_commit_callbacks):
    """With only ``LABSITE_PUBLISH_TARGET`` set (no root), publishing on write is on."""
    endpoint, bucket, prefix = s3_target
    with django_capture_on_commit_callbacks(execute=True):
        make_publication(lab=lab_a_content.lab, title="Written Then Published", slug="wtp")
    rows = DBTaskResult.objects.filter(task_path="publishing.tasks.publish_lab_on_write")
    assert [row.args_kwargs["args"] for row in rows] == [[lab_a_content.lab.pk]]
    result = tasks.publish_lab_on_write.call(lab_a_content.lab.pk)
    assert result["target"]["uploaded"] == result["files"]
    _, headers, page = http_get(
        f"{endpoint}/{bucket}/{prefix}a.example.org/publications/wtp/index.html")
    assert b"Written Then Published" in page
    assert PublishState.objects.get(lab=lab_a_content.lab).error == ""
