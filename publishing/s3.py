"""Publishing to an S3-compatible bucket: each host of a lab under ``<prefix>/<host>/``.

A bucket has no rename, so a publish is made safe in this order: every page is rendered
to a local spool first (a page that fails to render uploads nothing); then each object
whose bytes changed is uploaded (an unchanged one, same MD5 as the listed ETag, is not);
only then are the objects of the previous publish that no longer exist deleted. A reader
never gets a 404 for a page that exists before and after; a failure leaves every object
the previous publish left, some perhaps already at their new version.

Keys are built only from hosts ``checked_host`` accepts (no ``/``, no leading dot) and
paths ``relative_file`` accepts, always with the trailing ``/`` after the host, so one
lab's publish lists, writes and deletes nothing outside its own hosts' prefixes. The
hosts a lab published last time are kept in ``<prefix>/.publish/lab-<id>.json`` (a name
no host can have), so a host the lab gave up is emptied, unless another lab now owns it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import tempfile
from pathlib import Path, PurePosixPath

from django.conf import settings

from labsite.models import Domain
from publishing.paths import CONTENT_TYPES, PublishError, checked_host, inside
from publishing.tree import write_into_build

MANIFESTS = ".publish"
DELETE_BATCH = 1000  # the most keys one DeleteObjects request takes
# Bounds on every call: a stalled server fails the publish instead of hanging the worker.
CLIENT_CONFIG = {"connect_timeout": 5, "read_timeout": 30,
                 "retries": {"max_attempts": 3, "mode": "standard"}}


class S3Target:
    def __init__(self, *, bucket: str, prefix: str, client_options: dict):
        self.bucket, self.prefix, self.client_options = bucket, prefix.strip("/"), client_options

    @classmethod
    def from_options(cls, options: dict) -> S3Target:
        """From the ``OPTIONS`` ``storage_from_url`` makes of an ``s3://`` URL."""
        return cls(
            bucket=options["bucket_name"], prefix=options.get("location", ""),
            client_options={key: options[key] for key in ("endpoint_url", "region_name")
                            if key in options},
        )

    def client(self):
        import boto3
        from botocore.config import Config

        return boto3.client("s3", config=Config(**CLIENT_CONFIG), **self.client_options)

    def key(self, host: str, relative: str = "") -> str:
        """``<prefix>/<host>/<relative>``; the host is checked, the ``/`` after it kept."""
        base = f"{checked_host(host)}/{relative}"
        return f"{self.prefix}/{base}" if self.prefix else base

    def manifest_key(self, lab_id: int) -> str:
        name = f"{MANIFESTS}/lab-{int(lab_id)}.json"
        return f"{self.prefix}/{name}" if self.prefix else name

    def begin(self, lab_id: int) -> S3Build:
        return S3Build(self, lab_id)


def object_headers(relative: str) -> dict:
    extension = PurePosixPath(relative).suffix.lstrip(".")
    if extension not in CONTENT_TYPES:
        raise PublishError(f"{relative}: no content type for .{extension} files.")
    return {"ContentType": CONTENT_TYPES[extension],
            "CacheControl": f"public, max-age={settings.LABSITE_PUBLISH_MAX_AGE}"}


class S3Build:
    def __init__(self, target: S3Target, lab_id: int):
        self.target, self.lab_id = target, lab_id
        self.spool = Path(tempfile.mkdtemp(prefix=f"labsite-publish-{int(lab_id)}-"))

    def write(self, host: str, relative: PurePosixPath, body: bytes) -> None:
        write_into_build(inside(self.spool / checked_host(host), relative), body)

    def abort(self) -> None:
        shutil.rmtree(self.spool, ignore_errors=True)

    def commit(self, hosts: list[str]) -> dict:
        try:
            return self._upload_then_delete(hosts)
        except PublishError:
            raise
        except Exception as error:  # botocore's errors: the message, not a traceback
            raise PublishError(f"S3 bucket {self.target.bucket!r}: {error}") from None
        finally:
            self.abort()

    def _upload_then_delete(self, hosts: list[str]) -> dict:
        client, bucket = self.target.client(), self.target.bucket
        counts = {"uploaded": 0, "unchanged": 0, "deleted": 0}
        stale: list[str] = []
        for host in hosts:
            listed = self._listed(client, self.target.key(host))
            published = set()
            for path in sorted(p for p in (self.spool / host).rglob("*") if p.is_file()):
                relative = path.relative_to(self.spool / host).as_posix()
                key = self.target.key(host, relative)
                body = path.read_bytes()
                digest = hashlib.md5(body, usedforsecurity=False)
                published.add(key)
                if listed.get(key) == digest.hexdigest():
                    counts["unchanged"] += 1
                    continue
                client.put_object(
                    Bucket=bucket, Key=key, Body=body,
                    ContentMD5=base64.b64encode(digest.digest()).decode(),
                    **object_headers(relative),
                )
                counts["uploaded"] += 1
            stale += sorted(set(listed) - published)
        for host in self._given_up_hosts(client, hosts):
            stale += sorted(self._listed(client, self.target.key(host)))
        for start in range(0, len(stale), DELETE_BATCH):
            batch = stale[start:start + DELETE_BATCH]
            client.delete_objects(Bucket=bucket, Delete={
                "Objects": [{"Key": key} for key in batch], "Quiet": True})
            counts["deleted"] += len(batch)
        client.put_object(
            Bucket=bucket, Key=self.target.manifest_key(self.lab_id),
            Body=json.dumps({"hosts": hosts}).encode(), ContentType="application/json",
            CacheControl="no-store",
        )
        return counts

    def _listed(self, client, prefix: str) -> dict[str, str]:
        """Every key under ``prefix`` with its ETag (the MD5 of a single-part upload)."""
        listed = {}
        pages = client.get_paginator("list_objects_v2").paginate(
            Bucket=self.target.bucket, Prefix=prefix)
        for page in pages:
            for item in page.get("Contents", []):
                listed[item["Key"]] = item["ETag"].strip('"')
        return listed

    def _given_up_hosts(self, client, hosts: list[str]) -> list[str]:
        """Hosts the last publish of this lab had, it no longer has, and no lab owns now."""
        try:
            manifest = client.get_object(Bucket=self.target.bucket,
                                         Key=self.target.manifest_key(self.lab_id))
        except client.exceptions.NoSuchKey:
            return []
        try:
            previous = json.loads(manifest["Body"].read(1_000_000))["hosts"]
        except (ValueError, KeyError, TypeError):
            return []  # an unreadable manifest: keep the objects rather than guess
        given_up = []
        for host in previous:
            if not isinstance(host, str) or host in hosts:
                continue
            try:
                checked_host(host)
            except PublishError:
                continue
            if not Domain.objects.filter(host=host).exists():
                given_up.append(host)
        return given_up
