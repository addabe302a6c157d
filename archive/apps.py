from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "Lab archive"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Each content app declares its archived models in its own archived.py, registered
        # in INSTALLED_APPS order: lower apps (whose rows others refer to) first.
        autodiscover_modules("archived")
