from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "publications"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from labsite.home import register_home_section
        from people.homepage import register_homepage_section
        from publications import sections

        register_homepage_section(
            "publications",
            template="publications/homepage_section.html",
            get_context=sections.homepage_context,
        )
        register_home_section(
            "publications",
            template="publications/home_section.html",
            get_context=sections.home_context,
        )
