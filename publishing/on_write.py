"""Publishing on write: every committed change of a lab's content (``labsite.versions``
bumps its version) queues one publish of that lab, unless one is already waiting.

The waiting mark is a row in the database (``PublishState.pending``), flipped by one
``UPDATE``, so every process and server agrees: a burst of 500 edits, or an import of 500
papers, queues one publish. Off while ``LABSITE_PUBLISH_ROOT`` and
``LABSITE_PUBLISH_TARGET`` are blank.
"""

from __future__ import annotations

from django.db import IntegrityError

from publishing.models import PublishState
from publishing.targets import publishing_enabled
from publishing.tasks import publish_lab_on_write


def request_publish(lab_id: int) -> None:
    if not publishing_enabled():
        return
    if not PublishState.objects.filter(lab_id=lab_id, pending=False).update(pending=True):
        try:
            _, created = PublishState.objects.get_or_create(
                lab_id=lab_id, defaults={"pending": True}
            )
        except IntegrityError:  # the lab was just deleted
            return
        if not created:
            return  # a publish is already waiting: it will render this change too
    publish_lab_on_write.enqueue(lab_id)
