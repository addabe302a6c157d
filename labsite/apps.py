from django.apps import AppConfig


class LabsiteConfig(AppConfig):
    name = "labsite"
    verbose_name = "Labs and domains"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from labsite import proxies, signals

        proxies.register_checks()
        signals.connect_tenant_models()
