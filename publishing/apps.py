from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = "Static publishing"
    default_auto_field = "django.db.models.BigAutoField"
