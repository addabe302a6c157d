"""One lab as a portable archive: ``dumplab`` writes it, ``loadlab`` restores it.

The archive is a zip with ``lab.json`` (format in docs/lab-archive-format.md) and the media
files the lab's rows use under ``media/``. Rows refer to each other by natural keys (slugs,
group names, usernames), never by database ids, so an archive loads into any database and
a dump → load → dump round trip on a fresh deployment gives the same bytes.

Rows are written generically from each model's ``_meta`` (concrete fields less the id, the
``lab`` and derived fields), so fields other apps add later come along by themselves; the
models themselves are listed in :data:`ARCHIVED_MODELS`, in dependency order.
"""

from __future__ import annotations

import datetime
import decimal
import hashlib
import io
import json
import posixpath
import re
import uuid
import zipfile
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, models, transaction

from labsite.cache import bump_content_version
from labsite.images import check_image, delete_files
from labsite.models import Domain, Lab, LabRole, normalise_host

FORMAT = "labsite-lab-archive"
VERSION = 1
JSON_NAME = "lab.json"
MEDIA_PREFIX = "media/"
# Zip entries get a fixed date so that the same lab gives the same archive bytes.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
MAX_JSON_BYTES = 256 * 1024 * 1024
DEFAULT_MAX_ARCHIVE_BYTES = 4 * 1024 * 1024 * 1024


class ArchiveError(Exception):
    """The archive cannot be written or loaded; the message says why, for a person."""


@dataclass(frozen=True)
class ArchivedModel:
    label: str  # "app_label.model_name"
    # The field other rows use to refer to this one (unique within a lab), if any row does.
    key: str | None = None
    # Derived fields that save() recomputes (besides every non-editable ``*_html``).
    derived: tuple[str, ...] = ()
    # JSON fields whose values are storage names of files (e.g. resized photos).
    file_json_fields: tuple[str, ...] = ()

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.label)


# Dependency order: a row only refers to rows of models listed before it.
ARCHIVED_MODELS: list[ArchivedModel] = [
    ArchivedModel("people.group", key="name"),
    ArchivedModel("people.person", key="slug", file_json_fields=("photo_sizes",)),
    ArchivedModel("people.personlink"),
    ArchivedModel("people.cventry"),
    ArchivedModel("publications.tag", key="slug"),
    ArchivedModel("publications.publication", key="slug", derived=("title_key",)),
    ArchivedModel("publications.authorship"),
    ArchivedModel("publications.publicationlink"),
    # Undecided "same paper?" questions move with the lab.
    ArchivedModel("publications.possibleduplicate"),
    ArchivedModel("awards.award"),
    ArchivedModel("news.newsitem", key="slug"),
]
# Lab rows deliberately not archived (none yet): list labels here with the reason.
NOT_ARCHIVED: dict[str, str] = {
    "publications.importupload": "an upload waiting for its preview to be confirmed; "
    "kept one day at most",
}


def archived_models() -> list[ArchivedModel]:
    """The specs whose model is installed (a model may be renamed or dropped later)."""
    return [spec for spec in ARCHIVED_MODELS if _installed(spec.label)]


def _installed(label: str) -> bool:
    try:
        apps.get_model(label)
    except LookupError:
        return False
    return True


def max_archive_bytes() -> int:
    return getattr(settings, "LABSITE_ARCHIVE_MAX_BYTES", DEFAULT_MAX_ARCHIVE_BYTES)


# --- Field values -----------------------------------------------------------------------------


def _dumped_fields(model, spec: ArchivedModel | None = None):
    """Concrete fields that go into the archive, in model order."""
    derived = spec.derived if spec else ()
    for model_field in model._meta.concrete_fields:
        if model_field.primary_key or model_field.name == "lab":
            continue
        if model_field.name in derived:
            continue
        if model_field.name.endswith("_html") and not model_field.editable:
            continue  # rendered from the markdown source in save()
        yield model_field


def _json_value(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


_MEDIA_REF = None


def _media_ref_pattern():
    global _MEDIA_REF
    if _MEDIA_REF is None:
        _MEDIA_REF = re.compile(re.escape(settings.MEDIA_URL) + r"""([^\s"'()<>\]\[]+)""")
    return _MEDIA_REF


def _safe_name(name: str) -> str:
    """A storage name from an archive: relative, no ``..``, no backslashes."""
    if not isinstance(name, str) or not name or len(name) > 500:
        raise ArchiveError(f"Invalid file name in the archive: {name!r}.")
    normal = posixpath.normpath(name)
    if (
        normal != name
        or name.startswith("/")
        or "\\" in name
        or "\x00" in name
        or any(part in ("", ".", "..") for part in name.split("/"))
    ):
        raise ArchiveError(f"Unsafe file name in the archive: {name!r}.")
    return name


# --- Dump -------------------------------------------------------------------------------------


@dataclass
class Dump:
    data: dict
    files: dict[str, bytes] = field(default_factory=dict)
    missing_files: list[str] = field(default_factory=list)

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
        models_data = {}
        for spec in archived_models():
            model = spec.model
            rows = model._base_manager.filter(lab=self.lab).order_by("pk")
            for m2m_field in model._meta.many_to_many:
                if not m2m_field.remote_field.through._meta.auto_created:
                    raise ArchiveError(
                        f"{spec.label}.{m2m_field.name} has its own through model: list that "
                        "model in ARCHIVED_MODELS instead."
                    )
                rows = rows.prefetch_related(m2m_field.name)
            dumped = []
            for obj in rows:
                dumped.append(self.row(obj, spec))
                if spec.key:
                    self.keys.setdefault(model, {})[obj.pk] = getattr(obj, spec.key)
            models_data[spec.label] = dumped
        data["models"] = models_data
        # Domains may point at a member: dumped once people have their keys.
        data["domains"] = [
            self.row(domain) for domain in Domain.objects.filter(lab=self.lab).order_by("pk")
        ]
        result = Dump(data=data)
        files = {}
        for name in sorted(self.file_names):
            try:
                with self.storage.open(name, "rb") as handle:
                    files[name] = handle.read()
            except (FileNotFoundError, OSError):
                result.missing_files.append(name)
        data["files"] = {
            name: {"sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}
            for name, content in files.items()
        }
        result.files = files
        return result

    def row(self, obj, spec: ArchivedModel | None = None) -> dict:
        out = {}
        for model_field in _dumped_fields(type(obj), spec):
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
            for name in _media_ref_pattern().findall(value):
                try:
                    if self.storage.exists(_safe_name(name)):
                        self.file_names.add(name)
                except (ArchiveError, ValueError, OSError):
                    continue  # not one of our files
        return _json_value(value)

    def reference(self, related, target_id, model_field):
        if related is self.user_model:
            return self.user_model._base_manager.get(pk=target_id).get_username()
        keys = self.keys.get(related)
        if keys is None:
            raise ArchiveError(
                f"{model_field.model._meta.label}.{model_field.name} refers to "
                f"{related._meta.label}, which has no natural key in ARCHIVED_MODELS."
            )
        return keys[target_id]


def dump_lab(lab: Lab, *, storage=None) -> Dump:
    """The lab's rows and media, ready to write as a zip (or as plain JSON without media)."""
    return _Dumper(lab, storage=storage).dump()


# --- Load -------------------------------------------------------------------------------------


@dataclass
class LoadResult:
    lab: Lab
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def read_archive(path_or_file) -> tuple[dict, dict[str, bytes]]:
    """Reads a zip archive or a plain ``lab.json``; checks sizes, names and checksums."""
    try:
        if zipfile.is_zipfile(path_or_file):
            return _read_zip(path_or_file)
    except OSError as error:
        raise ArchiveError(f"Cannot read the archive: {error}.") from error
    try:
        if hasattr(path_or_file, "read"):
            path_or_file.seek(0)
            raw = path_or_file.read(MAX_JSON_BYTES + 1)
        else:
            with open(path_or_file, "rb") as handle:
                raw = handle.read(MAX_JSON_BYTES + 1)
    except OSError as error:
        raise ArchiveError(f"Cannot read the archive: {error}.") from error
    if len(raw) > MAX_JSON_BYTES:
        raise ArchiveError("The lab JSON is too large.")
    return _parse_json(raw), {}


def _read_zip(path_or_file) -> tuple[dict, dict[str, bytes]]:
    try:
        archive = zipfile.ZipFile(path_or_file)
    except (zipfile.BadZipFile, OSError) as error:
        raise ArchiveError(f"The archive is not a readable zip file ({error}).") from error
    with archive:
        entries = {info.filename: info for info in archive.infolist() if not info.is_dir()}
        if JSON_NAME not in entries:
            raise ArchiveError(f"The archive has no {JSON_NAME}: it is not a lab archive.")
        total = sum(info.file_size for info in entries.values())
        if total > max_archive_bytes():
            raise ArchiveError(
                f"The archive unpacks to {total} bytes, over the limit of {max_archive_bytes()}."
            )
        data = _parse_json(_read_entry(archive, entries[JSON_NAME], MAX_JSON_BYTES))
        index = data.get("files") or {}
        if not isinstance(index, dict):
            raise ArchiveError('"files" must be an object of file names.')
        files = {}
        for name, meta in index.items():
            _safe_name(name)
            info = entries.get(MEDIA_PREFIX + name)
            if info is None:
                raise ArchiveError(f"The archive lists {name} but does not contain it.")
            if not isinstance(meta, dict):
                raise ArchiveError(f"The entry of {name} in \"files\" must be an object.")
            content = _read_entry(archive, info, max_archive_bytes())
            if len(content) != meta.get("size") or (
                hashlib.sha256(content).hexdigest() != meta.get("sha256")
            ):
                raise ArchiveError(f"{name} in the archive is damaged (size or checksum differ).")
            files[name] = content
    return data, files


def _read_entry(archive, info, limit: int) -> bytes:
    try:
        with archive.open(info) as handle:
            content = handle.read(limit + 1)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError) as error:
        raise ArchiveError(f"{info.filename} in the archive is damaged ({error}).") from error
    if len(content) > limit:
        raise ArchiveError(f"{info.filename} in the archive is too large.")
    return content


def _parse_json(raw: bytes) -> dict:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ArchiveError(f"The lab JSON is not valid JSON ({error}).") from error
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ArchiveError(f'This is not a lab archive (no "format": "{FORMAT}").')
    version = data.get("version")
    if not isinstance(version, int) or version < 1:
        raise ArchiveError("The archive has no valid format version.")
    if version > VERSION:
        raise ArchiveError(
            f"The archive has format version {version}; this labsite reads up to version "
            f"{VERSION}. Upgrade labsite to load it."
        )
    if not isinstance(data.get("lab"), dict) or not isinstance(data.get("models"), dict):
        raise ArchiveError('The archive needs a "lab" object and a "models" object.')
    return data


def lab_has_content(lab: Lab) -> bool:
    """Any archived row besides the (empty) default groups a new lab starts with."""
    for spec in archived_models():
        if spec.label == "people.group":
            continue
        if spec.model._base_manager.filter(lab=lab).exists():
            return True
    return False


class _Loader:
    def __init__(self, data, files, *, slug, link_users, storage):
        self.data = data
        self.files = files
        self.slug = slug
        self.link_users = link_users
        self.storage = storage or default_storage
        self.user_model = get_user_model()
        self.keys: dict[type, dict[object, int]] = {}  # model -> natural key -> new pk
        self.file_map: dict[str, str] = {}  # archive name -> stored name
        self.written: list[str] = []
        self.warnings: list[str] = []
        self.timestamps: dict[type, list] = {}
        self.counts: dict[str, int] = {}
        self.lab = None

    # Files are written before the rows (rows need their names) and removed on failure.
    def store_files(self, old_slug: str) -> None:
        from_prefix, to_prefix = f"labs/{old_slug}/", f"labs/{self.slug}/"
        for name, content in sorted(self.files.items()):
            _check_file(name, content)
            target = name
            if old_slug != self.slug and name.startswith(from_prefix):
                target = to_prefix + name[len(from_prefix):]
            stored = self.storage.save(target, ContentFile(content))
            self.written.append(stored)
            self.file_map[name] = stored

    def cleanup_files(self) -> None:
        delete_files(self.written, storage=self.storage)

    def load(self) -> LoadResult:
        source = self.data["lab"]
        old_slug = source.get("slug") or ""
        self.slug = self.slug or old_slug
        existing = Lab.objects.filter(slug=self.slug).first()
        if existing is not None and lab_has_content(existing):
            raise ArchiveError(
                f'A lab "{self.slug}" already exists and has content; loadlab never overwrites '
                "a lab. Load the archive as a new lab with --slug NEW, or delete the lab first."
            )
        self.store_files(old_slug)

        lab = existing or Lab()
        self.assign(lab, Lab, source, None, where="lab")
        lab.slug = self.slug
        self.save(lab, "lab")
        if existing is not None:
            # An empty lab (e.g. made by createlab) gets the archive's groups instead.
            spec_group = apps.get_model("people.group")
            spec_group._base_manager.filter(lab=lab).delete()
        self.lab = lab

        for spec in archived_models():
            model = spec.model
            rows = self.data["models"].get(spec.label, [])
            if not isinstance(rows, list):
                raise ArchiveError(f'"models"."{spec.label}" must be a list of rows.')
            for position, row in enumerate(rows, start=1):
                where = f"{spec.label} row {position}"
                if not isinstance(row, dict):
                    raise ArchiveError(f"{where} must be an object.")
                obj = model(lab=lab)
                m2m = self.assign(obj, model, row, spec, where=where)
                self.save(obj, where)
                for name, pks in m2m.items():
                    getattr(obj, name).set(pks)
                if spec.key:
                    self.keys.setdefault(model, {})[getattr(obj, spec.key)] = obj.pk
            self.counts[spec.label] = len(rows)
        unknown = set(self.data["models"]) - {spec.label for spec in archived_models()}
        for label in sorted(unknown):
            self.warnings.append(f"Skipped {label}: this labsite does not know that model.")

        self.load_domains()
        self.load_roles()
        self.restore_timestamps()
        return LoadResult(lab=lab, counts=self.counts, warnings=self.warnings)

    # C901: one field-by-field conversion (relations, files, media references, stamps);
    # left for the backup work, which owns this module.
    def assign(self, obj, model, row, spec, *, where) -> dict:  # noqa: C901
        """Sets the row's values on ``obj``; returns the many-to-many values to set after save."""
        known = {f.name: f for f in _dumped_fields(model, spec)}
        m2m_fields = {f.name: f for f in model._meta.many_to_many}
        for name in sorted(set(row) - set(known) - set(m2m_fields)):
            if name in {"id", "pk", "lab"}:
                continue
            message = f"{where}: ignored unknown field {name!r}."
            if message not in self.warnings:
                self.warnings.append(message)
        stamps = {}
        for name, model_field in known.items():
            if name not in row:
                continue  # an older archive: the model's default applies
            value = row[name]
            if model_field.is_relation:
                setattr(obj, model_field.attname, self.resolve(model_field, value, where))
                continue
            if isinstance(model_field, models.FileField):
                setattr(obj, name, self.file_name(value, where))
                continue
            if spec and name in spec.file_json_fields and isinstance(value, dict):
                value = {k: self.file_map.get(v, v) for k, v in value.items()}
            if isinstance(value, str) and self.file_map:
                value = self.remap_media_refs(value)
            try:
                value = model_field.to_python(value)
            except ValidationError as error:
                raise ArchiveError(f"{where}: {name}: {'; '.join(error.messages)}") from error
            auto = getattr(model_field, "auto_now", False) or getattr(
                model_field, "auto_now_add", False
            )
            if auto and value is not None:
                stamps[model_field.attname] = value
            setattr(obj, model_field.attname, value)
        if stamps:
            self.timestamps.setdefault(model, []).append((obj, stamps))
        m2m = {}
        for name, model_field in m2m_fields.items():
            values = row.get(name, [])
            if not isinstance(values, list):
                raise ArchiveError(f"{where}: {name} must be a list.")
            m2m[name] = [self.resolve(model_field, value, where) for value in values]
        return m2m

    def resolve(self, model_field, value, where):
        if value is None:
            return None
        related = model_field.related_model
        if related is self.user_model:
            if not self.link_users:
                return None
            user = self.user_model._base_manager.filter(
                **{self.user_model.USERNAME_FIELD: value}
            ).first()
            if user is None:
                self.warnings.append(f"{where}: no user {value!r} here; the login was not linked.")
                return None
            return user.pk
        if related is Lab:
            return self.lab.pk
        keys = self.keys.get(related, {})
        if not isinstance(value, str | int) or value not in keys:
            raise ArchiveError(
                f"{where}: {model_field.name} refers to {related._meta.verbose_name} {value!r}, "
                "which is not in the archive."
            )
        return keys[value]

    def file_name(self, value, where) -> str:
        if not value:
            return ""
        if not isinstance(value, str):
            raise ArchiveError(f"{where}: a file must be given by its name.")
        if value in self.file_map:
            return self.file_map[value]
        self.warnings.append(f"{where}: file {value} is not in the archive; left empty.")
        return ""

    def remap_media_refs(self, text: str) -> str:
        def swap(match):
            name = match.group(1)
            return settings.MEDIA_URL + self.file_map.get(name, name)

        return _media_ref_pattern().sub(swap, text)

    def save(self, obj, where) -> None:
        try:
            obj.full_clean()
        except ValidationError as error:
            raise ArchiveError(f"{where}: {_describe(error)}") from error
        obj.save()

    def load_domains(self) -> None:
        domains = self.data.get("domains", [])
        if not isinstance(domains, list):
            raise ArchiveError('"domains" must be a list.')
        loaded = 0
        for position, row in enumerate(domains, start=1):
            where = f"domain {position}"
            if not isinstance(row, dict):
                raise ArchiveError(f"{where} must be an object.")
            host = normalise_host(str(row.get("host", "")))
            if Domain.objects.filter(host__iexact=host).exists():
                self.warnings.append(
                    f"Domain {host} is already used by a lab here: skipped. Add another host "
                    "in the admin (Domains) to reach the loaded lab."
                )
                continue
            domain = Domain(lab=self.lab)
            self.assign(domain, Domain, row, None, where=where)
            self.save(domain, where)
            loaded += 1
        self.counts["labsite.domain"] = loaded

    def load_roles(self) -> None:
        roles = self.data.get("roles", [])
        if not roles:
            return
        if not self.link_users:
            self.warnings.append(
                f"{len(roles)} lab role(s) and the members' logins were not restored: logins "
                "belong to the deployment. Use --link-users to link existing users by username."
            )
            return
        for role in roles:
            user = self.user_model._base_manager.filter(
                **{self.user_model.USERNAME_FIELD: role.get("user")}
            ).first()
            if user is None:
                self.warnings.append(f"No user {role.get('user')!r} here; role not restored.")
                continue
            obj = LabRole(lab=self.lab, user=user, role=role.get("role"))
            self.save(obj, f"role of {role.get('user')}")

    def restore_timestamps(self) -> None:
        """``auto_now``/``auto_now_add`` overwrite on save: put the archived times back."""
        for model, items in self.timestamps.items():
            names = sorted({name for _, stamps in items for name in stamps})
            for obj, stamps in items:
                for name, value in stamps.items():
                    setattr(obj, name, value)
            model._base_manager.bulk_update([obj for obj, _ in items], names, batch_size=500)


IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".gif")


def _check_file(name: str, content: bytes) -> None:
    """Images from an archive pass the same checks as uploads (no HTML or SVG in disguise)."""
    if not name.lower().endswith(IMAGE_EXTENSIONS):
        return
    try:
        check_image(ContentFile(content, name=posixpath.basename(name)))
    except ValidationError as error:
        raise ArchiveError(f"{name}: {' '.join(error.messages)}") from error


def _describe(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
            for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


def load_lab(
    source, *, slug: str | None = None, link_users: bool = False, storage=None
) -> LoadResult:
    """Restores an archive into a new (or empty) lab, all or nothing.

    ``source`` is a path or a binary file. Raises :class:`ArchiveError` with a clear
    message and leaves the database (and media storage) as it was.
    """
    data, files = read_archive(source)
    loader = _Loader(data, files, slug=slug, link_users=link_users, storage=storage)
    try:
        with transaction.atomic():
            result = loader.load()
    except DatabaseError as error:
        loader.cleanup_files()
        raise ArchiveError(f"The database refused the archive's data ({error}).") from error
    except BaseException:
        loader.cleanup_files()
        raise
    bump_content_version(result.lab.pk)
    return result
