"""Which lab rows go into a lab archive (``dumplab``/``loadlab``), declared by their own app.

``labsite`` sits below every app that owns lab content, so it cannot list their models.
Each app has an ``archived.py`` that registers its models here, in dependency order; the
``archive`` app (above all content apps) imports those modules in its ``ready()`` and
writes and reads what is registered. The format is docs/lab-archive-format.md.

A registered model's rows are written generically from its ``_meta`` (concrete fields less
the id, the ``lab`` and derived fields), so fields added later come along by themselves.
Registering checks the order: every row may only refer to a user, the lab, a model
registered before it with a natural key, or another row of its own model (by its key).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models

from labsite.models import Lab, TenantModel


@dataclass(frozen=True)
class ArchivedModel:
    model: type[models.Model]
    # The field other rows use to refer to this one (unique within a lab), if any row does.
    key: str | None = None
    # Derived fields that save() recomputes (besides every non-editable ``*_html``).
    derived: tuple[str, ...] = ()
    # JSON fields whose values are storage names of files (e.g. resized photos).
    file_json_fields: tuple[str, ...] = ()
    # Rows an empty lab may already have (its groups): they are not content, and loading
    # into an empty lab replaces them with the archive's.
    replaced_in_empty_lab: bool = False
    # Fields older archives carry that the model no longer has: given to ``upgrade(obj,
    # values)`` after the row is saved (values of the ones present), never warned about.
    legacy_fields: tuple[str, ...] = ()
    upgrade: Callable | None = None
    # An archive written before this model existed (no entry for it at all): called with
    # the loaded lab after every model's rows, to give it what a new lab would have.
    when_absent: Callable | None = None

    @property
    def label(self) -> str:
        """``app_label.model_name``: the model's name in the archive."""
        return self.model._meta.label_lower


class ArchiveRegistry:
    def __init__(self):
        self._archived: dict[str, ArchivedModel] = {}
        self._not_archived: dict[str, str] = {}

    def register(
        self,
        model: type[models.Model],
        *,
        key: str | None = None,
        derived: tuple[str, ...] = (),
        file_json_fields: tuple[str, ...] = (),
        replaced_in_empty_lab: bool = False,
        legacy_fields: tuple[str, ...] = (),
        upgrade: Callable | None = None,
        when_absent: Callable | None = None,
    ) -> ArchivedModel:
        spec = ArchivedModel(
            model,
            key=key,
            derived=tuple(derived),
            file_json_fields=tuple(file_json_fields),
            replaced_in_empty_lab=replaced_in_empty_lab,
            legacy_fields=tuple(legacy_fields),
            upgrade=upgrade,
            when_absent=when_absent,
        )
        if legacy_fields and upgrade is None:
            raise ImproperlyConfigured(f"{spec.label}: legacy_fields need an upgrade function.")
        self._check_new(spec.label)
        if not issubclass(model, TenantModel):
            raise ImproperlyConfigured(f"{spec.label} is not a lab's model (TenantModel).")
        for name in (key, *derived, *file_json_fields):
            if name is not None:
                _field(model, name)
        for model_field in model._meta.concrete_fields + model._meta.many_to_many:
            if model_field.is_relation and model_field.name != "lab":
                self._check_reference(spec, model_field)
        self._archived[spec.label] = spec
        return spec

    def exclude(self, model: type[models.Model], *, reason: str) -> None:
        """A lab model that deliberately stays out of archives, and why (docs and a test)."""
        label = model._meta.label_lower
        self._check_new(label)
        self._not_archived[label] = reason

    def archived_models(self) -> list[ArchivedModel]:
        """In dependency order: a row only refers to rows of models listed before it."""
        return list(self._archived.values())

    def not_archived(self) -> dict[str, str]:
        return dict(self._not_archived)

    def _check_new(self, label: str) -> None:
        if label in self._archived or label in self._not_archived:
            raise ImproperlyConfigured(f"{label} is declared for the lab archive twice.")

    def _check_reference(self, spec: ArchivedModel, model_field) -> None:
        where = f"{spec.label}.{model_field.name}"
        if model_field.many_to_many and not model_field.remote_field.through._meta.auto_created:
            raise ImproperlyConfigured(
                f"{where} has its own through model: register that model instead."
            )
        related = model_field.related_model
        if related is get_user_model() or related is Lab:
            return  # users by username; the lab is the one being loaded
        if related is spec.model and spec.key is not None:
            return  # a row of the same model (a team lead): set once all rows are loaded
        target = self._archived.get(related._meta.label_lower)
        if target is None or target.key is None:
            raise ImproperlyConfigured(
                f"{where} refers to {related._meta.label_lower}, which must be registered "
                "for the lab archive before it, with a natural key."
            )


def _field(model, name: str):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist as error:
        raise ImproperlyConfigured(
            f"{model._meta.label_lower} has no field {name!r} to archive."
        ) from error


# The one registry that the apps' archived.py modules fill (autodiscovered by ``archive``).
registry = ArchiveRegistry()
register = registry.register
exclude = registry.exclude
archived_models = registry.archived_models
not_archived = registry.not_archived
