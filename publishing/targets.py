"""Where a publish goes: a directory tree a static server reads (``tree.py``), or an
S3-compatible bucket (``s3.py``), chosen by ``LABSITE_PUBLISH_TARGET``.

A target hands out one :class:`Build` per publish: the publisher writes every page into it,
then ``commit`` makes them public at once (or as near as the target allows), or ``abort``
throws them away and leaves what was published before.
"""

from __future__ import annotations

import shutil
from pathlib import Path, PurePosixPath
from typing import Protocol

from django.conf import settings

from labsite.storage_url import StorageURLError, storage_from_url
from publishing.paths import PublishError, inside
from publishing.tree import new_build, swap_in, write_into_build


class Build(Protocol):
    def write(self, host: str, relative: PurePosixPath, body: bytes) -> None: ...

    def commit(self, hosts: list[str]) -> dict: ...

    def abort(self) -> None: ...


class Target(Protocol):
    def begin(self, lab_id: int) -> Build: ...


def publishing_enabled() -> bool:
    return bool(settings.LABSITE_PUBLISH_TARGET or settings.LABSITE_PUBLISH_ROOT)


def publish_root() -> Path:
    """The directory target's root: ``file:///DIR`` in the target, else the root setting."""
    location = settings.LABSITE_PUBLISH_ROOT
    if settings.LABSITE_PUBLISH_TARGET:
        location = _storage()["OPTIONS"].get("location", "")
    if not location:
        raise PublishError("Publishing is off: set LABSITE_PUBLISH_ROOT to a directory.")
    root = Path(location)
    root.mkdir(parents=True, exist_ok=True)
    return root


def _storage() -> dict:
    try:
        return storage_from_url(settings.LABSITE_PUBLISH_TARGET, setting="LABSITE_PUBLISH_TARGET")
    except StorageURLError as error:
        raise PublishError(str(error)) from None


def current_target() -> Target:
    if settings.LABSITE_PUBLISH_TARGET and _storage()["BACKEND"].endswith("S3Storage"):
        from publishing.s3 import S3Target  # boto3 is imported only when it is used

        return S3Target.from_options(_storage()["OPTIONS"])
    return DirectoryTarget(publish_root())


class DirectoryTarget:
    def __init__(self, root: Path):
        self.root = root

    def begin(self, lab_id: int) -> DirectoryBuild:
        return DirectoryBuild(self.root, lab_id)


class DirectoryBuild:
    """A fresh build directory, swapped in whole (``tree.swap_in``)."""

    def __init__(self, root: Path, lab_id: int):
        self.root, self.lab_id = root, lab_id
        self.directory = new_build(root, lab_id)

    def write(self, host: str, relative: PurePosixPath, body: bytes) -> None:
        write_into_build(inside(self.directory / host, relative), body)

    def commit(self, hosts: list[str]) -> dict:
        swap_in(self.root, self.lab_id, self.directory, hosts)
        return {}

    def abort(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)
