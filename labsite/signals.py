from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from labsite.models import Domain, Lab
from labsite.tenancy import forget_hosts


@receiver([post_save, post_delete], sender=Lab)
@receiver([post_save, post_delete], sender=Domain)
def forget_cached_hosts(**kwargs):
    forget_hosts()
