"""Publishing on write: one row per lab saying whether a publish is queued, and how the
last one went. Operational state, not the lab's content, so not archived: a restored lab
is published anew."""

from django.db import models


class PublishState(models.Model):
    lab = models.OneToOneField(
        "labsite.Lab", on_delete=models.CASCADE, primary_key=True, related_name="publish_state"
    )
    pending = models.BooleanField(
        default=False,
        help_text="A publish is queued and has not started: further edits wait for it.",
    )
    published_at = models.DateTimeField(null=True, blank=True,
                                        help_text="When the last publish finished.")
    files = models.PositiveIntegerField(default=0, help_text="Files the last publish wrote.")
    bytes = models.PositiveBigIntegerField(default=0, help_text="Bytes the last publish wrote.")
    seconds = models.FloatField(default=0, help_text="How long the last publish took.")
    error = models.TextField(blank=True, help_text="Why the last publish failed; blank if not.")

    class Meta:
        verbose_name = "publish state"

    def __str__(self):
        return f"publishing of lab {self.lab_id}"
