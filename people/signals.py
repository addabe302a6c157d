from django.db.models.signals import post_delete
from django.dispatch import receiver

from people.models import Person
from people.photos import delete_after_commit, photo_files


@receiver(post_delete, sender=Person)
def delete_photo_files(sender, instance, **kwargs):
    """A deleted member's photo files go too (also when their lab is deleted)."""
    delete_after_commit(photo_files(instance.photo.name or "", instance.photo_sizes))
