from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from people import sections, signals  # noqa: F401  (signals connects receivers)

        sections.register_sections()
