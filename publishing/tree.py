"""The published tree on disk: atomic files, and whole builds swapped in at once.

Layout under ``LABSITE_PUBLISH_ROOT``::

    <host>                       -> .builds/lab-<id>/<build>/<host>   (a symbolic link)
    .builds/lab-<id>/<build>/<host>/index.html, publications/index.html, robots.txt, …

A static server serves ``<root>/<host>``. A full publish writes a new ``<build>``, then
points each host's link at it with one ``rename`` (atomic on POSIX), so a reader sees the
old tree or the new one; a publish killed halfway leaves an unreferenced build, which the
next publish removes. Builds are named by the lab's id, never by its slug or any text of
the lab, so no value in the database chooses a directory outside the root.
"""

from __future__ import annotations

import os
import secrets
import shutil
import time
from pathlib import Path

from publishing.paths import PublishError, checked_host

BUILDS = ".builds"


def write_atomic(path: Path, data: bytes) -> None:
    """``path`` holds the old bytes or ``data``, never a part: temp file in the same
    directory, fsync, rename over, fsync the directory (so the rename survives a crash)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
    try:
        with open(temporary, "xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    fsync_directory(path.parent)


def write_into_build(path: Path, data: bytes) -> None:
    """A file of a build no reader sees yet: written plainly, made durable all at once by
    :func:`swap_in` (one ``sync`` instead of two fsyncs per file, which took three quarters
    of a 1,000-page publish)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "xb") as handle:
        handle.write(data)


def fsync_directory(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def lab_builds(root: Path, lab_id: int) -> Path:
    return root / BUILDS / f"lab-{int(lab_id)}"


def new_build(root: Path, lab_id: int) -> Path:
    build = lab_builds(root, lab_id) / f"{time.time_ns()}-{secrets.token_hex(4)}"
    build.mkdir(parents=True)
    return build


def _points_into(link: Path, directory: Path) -> bool:
    if not link.is_symlink():
        return False
    return (link.parent / os.readlink(link)).resolve().is_relative_to(directory.resolve())


def swap_in(root: Path, lab_id: int, build: Path, hosts: list[str]) -> None:
    """Point each of ``hosts`` at ``build``; unlink hosts this lab no longer has; delete
    the lab's other builds."""
    builds = lab_builds(root, lab_id)
    os.sync()  # every file of the build on disk before any link points at it
    for host in hosts:
        link = root / checked_host(host)
        if link.exists() and not link.is_symlink():
            raise PublishError(
                f"{link} is a real directory, not a published link: move it away first."
            )
        temporary = root / f".{host}.{secrets.token_hex(6)}.link"
        os.symlink(os.path.relpath(build / host, root), temporary)
        os.replace(temporary, link)
    fsync_directory(root)
    kept = set(hosts)
    for entry in root.iterdir():
        if entry.name not in kept and _points_into(entry, builds):
            entry.unlink()  # a host the lab no longer has
    for old in builds.iterdir():
        if old != build:
            shutil.rmtree(old, ignore_errors=True)
