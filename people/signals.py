from django.db.models.signals import post_delete
from django.dispatch import receiver

from labsite.images import delete_after_commit
from people.models import Person


@receiver(post_delete, sender=Person)
def delete_photo_files(sender, instance, **kwargs):
    """A deleted member's photo files go too (also when their lab is deleted)."""
    delete_after_commit(Person._meta.get_field("photo").stored_names(instance))
