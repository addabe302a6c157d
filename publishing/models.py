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


EVERYTHING = "*"  # PublishChange.model of a change whose pages nobody can tell: publish all


class PublishChange(models.Model):
    """A row of a lab's content changed since its last publish: the next publish renders
    only the pages that show it (publishing/dependencies.py). One row per object however
    often it is edited before that publish."""

    lab = models.ForeignKey("labsite.Lab", on_delete=models.CASCADE, related_name="+")
    model = models.CharField(
        max_length=100, help_text='The changed row\'s model label ("publications.publication"), '
        'or "*": something changed that only a full publish covers.')
    object_pk = models.CharField(max_length=64, blank=True,
                                 help_text="The changed row's primary key; blank with \"*\".")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["lab", "model", "object_pk"],
                                    name="publish_change_once_per_object"),
        ]

    def __str__(self):
        return f"{self.model} {self.object_pk} of lab {self.lab_id}"
