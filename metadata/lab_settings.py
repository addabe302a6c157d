"""Reading and saving a lab's ``LabMetadataSettings`` (defaults for a lab without a row)."""

from __future__ import annotations

from django.db import transaction

from labsite.models import Lab
from metadata.models import LabMetadataSettings
from metadata.schedule import ensure_scheduled


def settings_for(lab: Lab) -> LabMetadataSettings:
    """The lab's settings, or unsaved defaults: reading never writes."""
    row = LabMetadataSettings.objects.for_lab(lab).first()
    return row if row is not None else LabMetadataSettings(lab=lab)


def get_or_create_settings(*, lab: Lab) -> LabMetadataSettings:
    row, _created = LabMetadataSettings.objects.for_lab(lab).get_or_create(lab=lab)
    return row


def save_lab_settings(*, row: LabMetadataSettings):
    """Save the settings and put the lab's pending scheduled run at the (new) schedule's
    next time, or remove it for a blank schedule; returns when it runs."""
    with transaction.atomic():
        row.save()
        return ensure_scheduled(lab=row.lab)
