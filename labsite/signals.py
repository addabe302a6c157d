"""Cache invalidation: any change to a lab's content makes its cached pages stale."""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from labsite.cache import bump_content_version
from labsite.models import Domain, Lab, TenantModel
from labsite.tenancy import forget_hosts


@receiver([post_save, post_delete], sender=Lab)
@receiver([post_save, post_delete], sender=Domain)
def forget_cached_hosts(sender, instance, **kwargs):
    forget_hosts()
    bump_content_version(instance.pk if sender is Lab else instance.lab_id)


def bump_lab_of_instance(sender, instance, **kwargs):
    bump_content_version(getattr(instance, "lab_id", None), from_row_signal=True)


def connect_tenant_writes(*, saved, deleted, m2m_changed_receiver, uid: str) -> None:
    """Connect receivers to every concrete TenantModel's saves, deletes and many-to-many
    changes (apps above labsite use it too: publishing/dependencies.py)."""
    for model in apps.get_models():
        if not issubclass(model, TenantModel):
            continue
        post_save.connect(saved, sender=model, dispatch_uid=f"{uid}-{model}")
        post_delete.connect(deleted, sender=model, dispatch_uid=f"{uid}-d-{model}")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                m2m_changed_receiver,
                sender=field.remote_field.through,
                dispatch_uid=f"{uid}-m2m-{model}-{field.name}",
            )


def connect_tenant_models():
    """Connect every concrete TenantModel (and its many-to-many tables) to the bump."""
    connect_tenant_writes(saved=bump_lab_of_instance, deleted=bump_lab_of_instance,
                          m2m_changed_receiver=bump_lab_of_instance, uid="bump")
