from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "awards"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from awards import sections
        from labsite.home import register_home_section
        from people.homepage import register_homepage_section

        register_home_section(
            "awards", order=40, template="awards/home_section.html",
            get_context=sections.lab_home_context,
        )  # fmt: skip
        register_homepage_section(
            "awards", template="awards/homepage_section.html",
            get_context=sections.homepage_context,
        )  # fmt: skip
