"""Restoring a lab archive (``loadlab``) into a new or empty lab, all or nothing.

Every file name is checked before anything is written; images are streamed out of the
archive, re-encoded and stored under the lab's own folder first (rows need their names) and
deleted again if anything fails; the rows are written in one transaction, each validated
like an admin edit. Reading the archive under limits is archive/reader.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, models, transaction

from archive.fields import describe, dumped_fields
from archive.format import ArchiveError
from archive.media import media_ref_pattern, media_target, restored_image
from archive.reader import ArchiveReader
from labsite.archiving import ArchivedModel, archived_models
from labsite.cache import bump_content_version
from labsite.images import delete_files
from labsite.models import Domain, Lab, LabRole, normalise_host


@dataclass
class LoadResult:
    lab: Lab
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def lab_has_content(lab: Lab) -> bool:
    """Any archived row besides those an empty lab may have (its groups)."""
    for spec in archived_models():
        if spec.replaced_in_empty_lab:
            continue
        if spec.model._base_manager.filter(lab=lab).exists():
            return True
    return False


class _Loader:
    def __init__(self, data, *, slug, link_users, storage):
        self.data = data
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
    def store_files(self, reader: ArchiveReader, index: dict, targets: dict[str, str]) -> None:
        """Streams each image out of the archive, re-encodes it and stores it at its target
        (under the lab's own folder; a taken name gets a suffix, nothing is overwritten)."""
        for name, target in targets.items():
            with reader.media_file(name, index[name]) as file:
                content = restored_image(name, file)
            stored = self.storage.save(target, ContentFile(content))
            self.written.append(stored)
            self.file_map[name] = stored

    def cleanup_files(self) -> None:
        delete_files(self.written, storage=self.storage)

    def load(self, reader: ArchiveReader, index: dict, targets: dict[str, str]) -> LoadResult:
        source = self.data["lab"]
        existing = Lab.objects.filter(slug=self.slug).first()
        if existing is not None and lab_has_content(existing):
            raise ArchiveError(
                f'A lab "{self.slug}" already exists and has content; loadlab never overwrites '
                "a lab. Load the archive as a new lab with --slug NEW, or delete the lab first."
            )
        self.store_files(reader, index, targets)

        lab = existing or Lab()
        self.assign(lab, Lab, source, None, where="lab")
        lab.slug = self.slug
        self.save(lab, "lab")
        if existing is not None:
            # An empty lab (e.g. made by createlab) gets the archive's groups instead.
            for spec in archived_models():
                if spec.replaced_in_empty_lab:
                    spec.model._base_manager.filter(lab=lab).delete()
        self.lab = lab

        for spec in archived_models():
            self.load_rows(spec)
        for spec in archived_models():
            if spec.when_absent is not None and spec.label not in self.data["models"]:
                spec.when_absent(lab)
        unknown = set(self.data["models"]) - {spec.label for spec in archived_models()}
        for label in sorted(unknown):
            self.warnings.append(f"Skipped {label}: this labsite does not know that model.")

        self.load_domains()
        self.load_roles()
        self.restore_timestamps()
        return LoadResult(lab=lab, counts=self.counts, warnings=self.warnings)

    def load_rows(self, spec: ArchivedModel) -> None:
        """The archive's rows of one model, in order; a row refers only to rows before it."""
        model = spec.model
        rows = self.data["models"].get(spec.label, [])
        if not isinstance(rows, list):
            raise ArchiveError(f'"models"."{spec.label}" must be a list of rows.')
        # References to rows of the same model (a team lead) are set once all are loaded.
        own = [f for f in model._meta.concrete_fields if f.is_relation and f.related_model is model]
        later = []
        for position, row in enumerate(rows, start=1):
            where = f"{spec.label} row {position}"
            if not isinstance(row, dict):
                raise ArchiveError(f"{where} must be an object.")
            obj = model(lab=self.lab)
            values = {f.name: row[f.name] for f in own if row.get(f.name) is not None}
            m2m = self.assign(obj, model, _without(row, values), spec, where=where)
            self.save(obj, where)
            for name, pks in m2m.items():
                getattr(obj, name).set(pks)
            if spec.key:
                self.keys.setdefault(model, {})[getattr(obj, spec.key)] = obj.pk
            if values:
                later.append((obj, values, where))
            self.upgrade(spec, obj, row)
        for obj, values, where in later:
            for name, value in values.items():
                model_field = model._meta.get_field(name)
                setattr(obj, model_field.attname, self.resolve(model_field, value, where))
            self.save(obj, where)
        self.counts[spec.label] = len(rows)

    def upgrade(self, spec: ArchivedModel, obj, row: dict) -> None:
        """An older archive's fields the model no longer has, given to the app's upgrade."""
        legacy = {name: row[name] for name in spec.legacy_fields if name in row}
        if legacy:
            spec.upgrade(obj, legacy)

    def assign(self, obj, model, row, spec, *, where) -> dict:
        """Sets the row's values on ``obj``; returns the many-to-many values to set after save."""
        known = {f.name: f for f in dumped_fields(model, spec)}
        m2m_fields = {f.name: f for f in model._meta.many_to_many}
        legacy = set(spec.legacy_fields) if spec else set()
        self.warn_unknown(set(row) - set(known) - set(m2m_fields) - legacy, where)
        stamps = {}
        for name, model_field in known.items():
            if name not in row:
                continue  # an older archive: the model's default applies
            value = self.field_value(model_field, row[name], spec, where)
            if _is_auto_timestamp(model_field) and value is not None:
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

    def warn_unknown(self, names: set[str], where: str) -> None:
        """Fields this labsite does not know (a newer one wrote them): ignored, with a warning."""
        for name in sorted(names - {"id", "pk", "lab"}):
            message = f"{where}: ignored unknown field {name!r}."
            if message not in self.warnings:
                self.warnings.append(message)

    def field_value(self, model_field, value, spec, where):
        """The archived value as the field holds it: references resolved, file names mapped."""
        if model_field.is_relation:
            return self.resolve(model_field, value, where)
        if isinstance(model_field, models.FileField):
            return self.file_name(value, where)
        if spec and model_field.name in spec.file_json_fields and isinstance(value, dict):
            value = {k: self.file_map.get(v, v) for k, v in value.items()}
        if isinstance(value, str) and self.file_map:
            value = self.remap_media_refs(value)
        try:
            return model_field.to_python(value)
        except ValidationError as error:
            messages = "; ".join(error.messages)
            raise ArchiveError(f"{where}: {model_field.name}: {messages}") from error

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

        return media_ref_pattern().sub(swap, text)

    def save(self, obj, where) -> None:
        try:
            obj.full_clean()
        except ValidationError as error:
            raise ArchiveError(f"{where}: {describe(error)}") from error
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


def _without(row: dict, names) -> dict:
    return {name: value for name, value in row.items() if name not in names}


def _is_auto_timestamp(model_field) -> bool:
    return getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False)


def _slugs(data: dict, slug: str | None) -> tuple[str, str]:
    """The archive's lab slug and the (valid) slug to load it as."""
    archive_slug = data["lab"].get("slug") or ""
    if not isinstance(archive_slug, str):
        raise ArchiveError("lab: slug must be text.")
    slug = slug or archive_slug
    try:
        Lab._meta.get_field("slug").clean(slug, None)
    except ValidationError as error:
        raise ArchiveError(f"The lab slug {slug!r} is not valid: {describe(error)}") from error
    return archive_slug, slug


def load_lab(
    source, *, slug: str | None = None, link_users: bool = False, storage=None
) -> LoadResult:
    """Restores an archive into a new (or empty) lab, all or nothing.

    ``source`` is a path or a binary file. Raises :class:`ArchiveError` with a clear
    message and leaves the database (and media storage) as it was.
    """
    with ArchiveReader(source) as reader:
        data = reader.read_json()
        index = reader.media_index(data)
        archive_slug, slug = _slugs(data, slug)
        # Every name is checked before anything is written: all under the lab's own folder.
        targets = {
            name: media_target(name, archive_slug=archive_slug, slug=slug)
            for name in sorted(index)
        }
        loader = _Loader(data, slug=slug, link_users=link_users, storage=storage)
        try:
            with transaction.atomic():
                result = loader.load(reader, index, targets)
        except DatabaseError as error:
            loader.cleanup_files()
            raise ArchiveError(f"The database refused the archive's data ({error}).") from error
        except BaseException:
            loader.cleanup_files()
            raise
    bump_content_version(result.lab.pk)
    return result
