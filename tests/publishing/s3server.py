"""A real S3 API server on loopback: moto's server mode (``moto_server``, installed in the
system Python, not the project's venv), one per test session, a fresh bucket per test.

Without the binary the tests skip with the reason printed; under CI (``CI=true``) a missing
server is an error instead, as for Chromium.
"""

import json
import os
import secrets
import shutil
import subprocess
import urllib.request

import pytest

from tests.production.live import free_port, wait_for_port

MOTO_SERVER = os.environ.get("LABSITE_MOTO_SERVER") or shutil.which("moto_server") \
    or "/root/.pyenv/shims/moto_server"
# moto accepts any credentials; boto3 refuses to sign without some.
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
               "AWS_DEFAULT_REGION": "us-east-1"}


@pytest.fixture(scope="session")
def s3_endpoint():
    """``http://127.0.0.1:PORT`` of a running ``moto_server``."""
    if not (os.path.isfile(MOTO_SERVER) and os.access(MOTO_SERVER, os.X_OK)):
        reason = (f"moto_server not found at {MOTO_SERVER}: S3 tests skipped "
                  "(pip install 'moto[server]' in the system Python, or set LABSITE_MOTO_SERVER)")
        if os.environ.get("CI"):
            pytest.fail(reason + " — required under CI", pytrace=False)
        print(reason)
        pytest.skip(reason)
    saved = {name: os.environ.get(name) for name in CREDENTIALS}
    os.environ.update(CREDENTIALS)
    port = free_port()
    server = subprocess.Popen([MOTO_SERVER, "-H", "127.0.0.1", "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for_port(port, server, on_timeout=server.kill, seconds=30)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def s3_client(endpoint: str):
    import boto3

    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")


@pytest.fixture
def s3_bucket(s3_endpoint):
    """A new, empty bucket's name on the server, readable by anyone, as a bucket that
    serves a site (or media without signed URLs) is configured (docs/static-serving.md)."""
    name = f"labsite-{secrets.token_hex(4)}"
    client = s3_client(s3_endpoint)
    client.create_bucket(Bucket=name)
    client.put_bucket_policy(Bucket=name, Policy=json.dumps(public_read_policy(name)))
    return name


def public_read_policy(bucket: str) -> dict:
    return {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{bucket}/*"}]}


@pytest.fixture
def s3_target(settings, s3_endpoint, s3_bucket):
    """Publishing to the S3 server's bucket under ``site/``: (endpoint, bucket, prefix)."""
    settings.LABSITE_PUBLISH_ROOT = ""
    settings.LABSITE_PUBLISH_TARGET = f"s3://{s3_bucket}/site?endpoint_url={s3_endpoint}"
    return s3_endpoint, s3_bucket, "site/"


def bucket_keys(endpoint: str, bucket: str, prefix: str = "") -> dict[str, dict]:
    """Every object under ``prefix``: key → its listing entry."""
    pages = s3_client(endpoint).get_paginator("list_objects_v2").paginate(
        Bucket=bucket, Prefix=prefix)
    return {item["Key"]: item for page in pages for item in page.get("Contents", [])}


def http_get(url: str):
    """A plain anonymous GET, as a browser or CDN would make it: (status, headers, bytes)."""
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers, response.read()
