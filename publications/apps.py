from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "publications"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from labsite.citation_totals import register_citation_total
        from labsite.home import register_home_section
        from people.homepage import register_homepage_section
        from publications import citation_totals, sections

        # The about sections' citation badge sums the papers (labsite/citation_totals.py).
        register_citation_total(citation_totals.citation_total)

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
