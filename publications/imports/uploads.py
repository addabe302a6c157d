"""Admin import uploads kept between the preview and its confirmation (``ImportUpload``).

They live in the database so that any app server can confirm them. Without bounds, an
uploader could keep gigabytes there for a day: so each new preview first deletes expired
uploads (of every lab), and is refused with a message, storing nothing, when it would take
its uploader in that lab, or the lab, past ``LABSITE_IMPORT_PREVIEWS_PER_USER`` /
``LABSITE_IMPORT_PREVIEW_BYTES_PER_USER`` or ``LABSITE_IMPORT_PREVIEWS_PER_LAB`` /
``LABSITE_IMPORT_PREVIEW_BYTES_PER_LAB``. Another lab's uploads never count against a lab
(``ImportUpload.objects.for_lab``), and a batch is only ever read by its own uploader, in
a lab they may still import into.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence

from django.conf import settings
from django.db import models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from labsite.models import Lab
from labsite.scoping import unscoped
from publications.models import ImportUpload

UPLOADS_KEPT = datetime.timedelta(days=1)


class UploadQuotaExceeded(Exception):
    """A preview would keep more than allowed; its message says what to do."""


class ByteLength(models.Func):
    # LENGTH of a blob/bytea is its size in bytes on SQLite and PostgreSQL.
    function = "LENGTH"
    output_field = models.BigIntegerField()


def _cutoff() -> datetime.datetime:
    return timezone.now() - UPLOADS_KEPT


def purge_expired_uploads() -> int:
    """Delete every lab's uploads older than ``UPLOADS_KEPT``; returns how many."""
    with unscoped("housekeeping: expired previews of every lab are purged together"):
        deleted, _ = ImportUpload.objects.filter(created__lt=_cutoff()).delete()
    return deleted


def waiting_uploads(lab):
    """The lab's uploads still waiting for a confirmation (not expired)."""
    return ImportUpload.objects.for_lab(lab).filter(created__gte=_cutoff())


def _usage(uploads) -> tuple[int, int]:
    totals = uploads.aggregate(previews=models.Count("batch", distinct=True),
                               size=models.Sum(ByteLength("data")))
    return totals["previews"], totals["size"] or 0


def quota_problem(*, lab, user, size: int) -> str:
    """Why a new preview of ``size`` bytes by ``user`` in ``lab`` is refused, or ""."""
    limits = [
        (waiting_uploads(lab).filter(uploaded_by=user), "you have", "one person may keep",
         settings.LABSITE_IMPORT_PREVIEWS_PER_USER,
         settings.LABSITE_IMPORT_PREVIEW_BYTES_PER_USER),
        (waiting_uploads(lab), "the lab has", "a lab may keep",
         settings.LABSITE_IMPORT_PREVIEWS_PER_LAB, settings.LABSITE_IMPORT_PREVIEW_BYTES_PER_LAB),
    ]
    for uploads, whose, who_may, max_previews, max_bytes in limits:
        previews, used = _usage(uploads)
        if previews >= max_previews:
            problem = (f"{whose} {previews} import previews waiting for a confirmation in {lab}, "
                       f"the most {who_may}")
        elif used + size > max_bytes:
            problem = (f"this upload ({filesizeformat(size)}) and the previews {whose} waiting "
                       f"in {lab} ({filesizeformat(used)}) would be more than the "
                       f"{filesizeformat(max_bytes)} {who_may}")
        else:
            continue
        return (f"Nothing was uploaded: {problem}. Confirm a waiting preview or discard it "
                "(“Start again”), or wait: previews are deleted a day after their upload.")
    return ""


def store_uploads(*, lab, user, person, format: str, files: Sequence) -> list[ImportUpload]:
    """Keep ``files`` (uploaded files) as one preview batch; raises ``UploadQuotaExceeded``
    (nothing stored) when over a limit."""
    purge_expired_uploads()
    contents = [(upload.name[:255], upload.read()) for upload in files]
    with transaction.atomic():
        # One preview at a time per lab (PostgreSQL), so two cannot both pass the check.
        Lab.objects.select_for_update().filter(pk=lab.pk).first()
        problem = quota_problem(lab=lab, user=user, size=sum(len(data) for _, data in contents))
        if problem:
            raise UploadQuotaExceeded(problem)
        batch = uuid.uuid4()
        rows = []
        for filename, data in contents:
            row = ImportUpload(lab=lab, batch=batch, uploaded_by=user, person=person,
                               format=format, filename=filename, data=data)
            row.full_clean()
            rows.append(row)
        ImportUpload.objects.bulk_create(rows)
    return rows


def batch_uploads(*, batch, user, labs) -> list[ImportUpload]:
    """The waiting uploads of one batch of ``user``'s, in one of ``labs``; [] if none."""
    try:
        batch = uuid.UUID(str(batch))
    except ValueError:
        return []
    return list(
        ImportUpload.objects.for_labs(labs)
        .filter(batch=batch, uploaded_by=user, created__gte=_cutoff())
        .select_related("lab", "person").order_by("pk")
    )


def discard_batch(*, batch, user, labs) -> int:
    """Delete one of ``user``'s waiting batches ("Start again"); returns the files deleted."""
    uploads = batch_uploads(batch=batch, user=user, labs=labs)
    rows = ImportUpload.objects.for_labs(labs).filter(pk__in=[row.pk for row in uploads])
    deleted, _ = rows.delete()
    return deleted
