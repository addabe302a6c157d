"""Which of a model's fields a row holds in ``lab.json``, and how values are written."""

from __future__ import annotations

import datetime
import decimal
import uuid

from django.core.exceptions import ValidationError

from labsite.archiving import ArchivedModel


def dumped_fields(model, spec: ArchivedModel | None = None):
    """Concrete fields that go into the archive, in model order: all but the id, the
    ``lab`` and what saving derives (``spec.derived``, non-editable ``*_html``)."""
    derived = spec.derived if spec else ()
    for model_field in model._meta.concrete_fields:
        if model_field.primary_key or model_field.name == "lab":
            continue
        if model_field.name in derived:
            continue
        if model_field.name.endswith("_html") and not model_field.editable:
            continue  # rendered from the markdown source in save()
        yield model_field


def json_value(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def describe(error: ValidationError) -> str:
    """A validation error as one line for a person: ``field: message; …``."""
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
            for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)
