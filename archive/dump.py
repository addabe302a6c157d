"""Writing one lab as an archive (``dumplab``): its rows as ``lab.json`` and its media files.

Rows refer to each other by natural keys (slugs, group names, usernames), never by database
ids, so an archive loads into any database, and a dump → load → dump round trip on a fresh
deployment gives the same rows and file names. Which models are written, in which order and
by which key, each app declares in its archived.py (labsite/archiving.py).
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.db import models

from archive.fields import dumped_fields, json_value
from archive.format import FORMAT, JSON_NAME, MEDIA_PREFIX, VERSION, ArchiveError
from archive.media import media_ref_pattern, safe_name
from labsite.archiving import ArchivedModel, archived_models
from labsite.images import lab_media_dir
from labsite.models import Domain, Lab, LabRole

# Zip entries get a fixed date so that the same lab gives the same archive bytes.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


@dataclass
class Dump:
    data: dict
    files: dict[str, bytes] = field(default_factory=dict)
    missing_files: list[str] = field(default_factory=list)
    # Another lab's files that this lab's text refers to: not this lab's to take along.
    foreign_files: list[str] = field(default_factory=list)

    def json_bytes(self) -> bytes:
        return (json.dumps(self.data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")

    def zip_bytes(self) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            _write_entry(archive, JSON_NAME, self.json_bytes())
            for name in sorted(self.files):
                _write_entry(archive, MEDIA_PREFIX + name, self.files[name])
        return buffer.getvalue()


def _write_entry(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data, compresslevel=6)


class _Dumper:
    def __init__(self, lab: Lab, *, storage=None):
        self.lab = lab
        self.storage = storage or default_storage
        self.keys: dict[type, dict[int, object]] = {}  # model -> pk -> natural key
        self.file_names: set[str] = set()
        self.user_model = get_user_model()

    def dump(self) -> Dump:
        data = {
            "format": FORMAT,
            "version": VERSION,
            "lab": self.row(self.lab),
            "domains": [],
            "roles": [
                {"user": role.user.get_username(), "role": role.role}
                for role in LabRole.objects.filter(lab=self.lab).select_related("user")
            ],
            "models": {},
        }
        data["roles"].sort(key=lambda item: item["user"])
        data["models"] = {spec.label: self.rows(spec) for spec in archived_models()}
        # Domains may point at a member: dumped once people have their keys.
        data["domains"] = [
            self.row(domain) for domain in Domain.objects.filter(lab=self.lab).order_by("pk")
        ]
        result = Dump(data=data)
        result.files = self.read_files(result)
        data["files"] = {
            name: {"sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}
            for name, content in result.files.items()
        }
        return result

    def rows(self, spec: ArchivedModel) -> list[dict]:
        model = spec.model
        # The base manager: every row of the lab, whatever a default manager would hide.
        rows = model._base_manager.filter(lab=self.lab).order_by("pk")
        if spec.key:  # known before the rows, for rows that refer to others of the model
            self.keys[model] = dict(rows.values_list("pk", spec.key))
        for m2m_field in model._meta.many_to_many:
            rows = rows.prefetch_related(m2m_field.name)
        dumped = []
        for obj in rows:
            dumped.append(self.row(obj, spec))
        return dumped

    def read_files(self, result: Dump) -> dict[str, bytes]:
        """The media files the rows use, from this lab's own folder only."""
        files = {}
        own_folder = lab_media_dir(self.lab.slug) + "/"
        for name in sorted(self.file_names):
            if name.startswith("labs/") and not name.startswith(own_folder):
                result.foreign_files.append(name)
                continue
            try:
                with self.storage.open(name, "rb") as handle:
                    files[name] = handle.read()
            except (FileNotFoundError, OSError):
                result.missing_files.append(name)
        return files

    def row(self, obj, spec: ArchivedModel | None = None) -> dict:
        out = {}
        for model_field in dumped_fields(type(obj), spec):
            out[model_field.name] = self.value(obj, model_field, spec)
        for model_field in type(obj)._meta.many_to_many:
            related = model_field.related_model
            items = getattr(obj, model_field.name).all()
            out[model_field.name] = sorted(
                self.reference(related, item.pk, model_field) for item in items
            )
        return out

    def value(self, obj, model_field, spec):
        if model_field.is_relation:
            target_id = getattr(obj, model_field.attname)
            if target_id is None:
                return None
            return self.reference(model_field.related_model, target_id, model_field)
        value = model_field.value_from_object(obj)
        if isinstance(model_field, models.FileField):
            name = value.name if value else ""
            if name:
                self.file_names.add(name)
            return name or ""
        if spec and model_field.name in spec.file_json_fields and isinstance(value, dict):
            self.file_names.update(v for v in value.values() if isinstance(v, str) and v)
        if isinstance(value, str) and settings.MEDIA_URL in value:
            # Images embedded in markdown (/media/markdownx/…) are part of the lab.
            for name in media_ref_pattern().findall(value):
                try:
                    if self.storage.exists(safe_name(name)):
                        self.file_names.add(name)
                except (ArchiveError, ValueError, OSError):
                    continue  # not one of our files
        return json_value(value)

    def reference(self, related, target_id, model_field):
        if related is self.user_model:
            return self.user_model._base_manager.get(pk=target_id).get_username()
        keys = self.keys.get(related)
        if keys is None:
            raise ArchiveError(
                f"{model_field.model._meta.label}.{model_field.name} refers to "
                f"{related._meta.label}, which no app registers for the archive with a "
                "natural key (labsite/archiving.py)."
            )
        return keys[target_id]


def dump_lab(lab: Lab, *, storage=None) -> Dump:
    """The lab's rows and media, ready to write as a zip (or as plain JSON without media)."""
    return _Dumper(lab, storage=storage).dump()
