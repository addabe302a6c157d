from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from labsite.home import register_home_section
        from people import sections, signals  # noqa: F401  (signals connects receivers)

        sections.register_cv_sections()
        register_home_section(
            "people",
            order=30,
            template="people/home_team.html",
            get_context=sections.home_team_context,
        )
