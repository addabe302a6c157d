from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "awards"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from awards import sections
        from awards.models import Award
        from labsite.home import register_home_section
        from people.homepage import register_homepage_section
        from publications.badges import BadgeSource, register_badge_source

        # A paper's awards are its badges on every list (publications/badges.py).
        register_badge_source(BadgeSource(
            queryset=lambda lab, ids: Award.objects.for_lab(lab).filter(publication_id__in=ids),
            fields=("publication_id", "title", "badge", "year", "month"),
            text=Award.badge_text,
        ))

        register_home_section(
            "awards", template="awards/home_section.html",
            get_context=sections.lab_home_context,
        )  # fmt: skip
        register_homepage_section(
            "awards", template="awards/homepage_section.html",
            get_context=sections.homepage_context,
        )  # fmt: skip
