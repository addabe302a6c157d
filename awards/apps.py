from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "awards"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from awards import sections
        from awards.admin import PersonAwardInline
        from awards.admin_inlines import PaperHighlightInline
        from awards.models import Award
        from awards.pasted import award_from_pasted
        from labsite.home import register_home_section
        from people.admin_inlines import register_person_admin_inline
        from people.homepage import register_homepage_section
        from publications.admin_inlines import register_publication_inline
        from publications.badges import BadgeSource, register_badge_source

        # A paper's highlights are edited on its form (publications/admin_inlines.py).
        register_publication_inline(PaperHighlightInline)

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
        register_person_admin_inline(
            "awards", PersonAwardInline, order=10, from_pasted=award_from_pasted
        )
