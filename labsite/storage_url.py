"""``MEDIA_STORAGE_URL`` → a ``STORAGES["default"]`` entry, so that media can live in
S3-compatible object storage and app servers stay stateless (README, Deploying).

    s3://BUCKET[/PREFIX]?endpoint_url=https://s3.example.org&region_name=eu-1
        &custom_domain=media.example.org&querystring_auth=0
    file:///srv/labsite/media

Credentials come from boto3's usual environment (``AWS_ACCESS_KEY_ID``,
``AWS_SECRET_ACCESS_KEY``), never from the URL. Imported by settings: no Django imports.
"""

from urllib.parse import parse_qsl, urlsplit

S3_OPTIONS = {"endpoint_url", "region_name", "custom_domain", "querystring_auth"}


class StorageURLError(ValueError):
    pass


def storage_from_url(url: str, *, setting: str = "MEDIA_STORAGE_URL") -> dict:
    """The storage ``url`` names; ``setting`` is the setting's name its messages quote
    (``LABSITE_PUBLISH_TARGET`` uses the same URL rule)."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    if parts.scheme == "file":
        if query or not parts.path:
            raise StorageURLError(f"{setting} {url!r}: use file:///absolute/path")
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": parts.path},
        }
    if parts.scheme != "s3":
        raise StorageURLError(f"{setting} {url!r}: the scheme must be s3:// or file://")
    if not parts.netloc:
        raise StorageURLError(f"{setting} {url!r}: name the bucket, s3://BUCKET")
    if parts.username or parts.password:
        raise StorageURLError(
            f"{setting}: put credentials in AWS_ACCESS_KEY_ID and "
            "AWS_SECRET_ACCESS_KEY, not in the URL"
        )
    unknown = set(query) - S3_OPTIONS
    if unknown:
        raise StorageURLError(
            f"{setting}: unknown option(s) {', '.join(sorted(unknown))}; "
            f"known: {', '.join(sorted(S3_OPTIONS))}"
        )
    options = {
        "bucket_name": parts.netloc,
        "location": parts.path.strip("/"),
        # Uploads get unique names; an existing object is never replaced by another lab's.
        "file_overwrite": False,
        "default_acl": None,
    }
    for key in ("endpoint_url", "region_name", "custom_domain"):
        if query.get(key):
            options[key] = query[key]
    if "querystring_auth" in query:
        options["querystring_auth"] = query["querystring_auth"].lower() in {"1", "true", "yes"}
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
