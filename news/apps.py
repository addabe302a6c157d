from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from labsite.home import register_home_section
        from news import sections
        from news.admin import PersonNewsInline
        from news.pasted import news_item_from_pasted
        from people.admin_inlines import register_person_admin_inline
        from people.homepage import register_homepage_section

        register_home_section(
            "news", template="news/home_section.html",
            get_context=sections.lab_home_context,
        )  # fmt: skip
        register_homepage_section(
            "news", template="news/homepage_section.html",
            get_context=sections.homepage_context,
        )  # fmt: skip
        register_person_admin_inline(
            "news", PersonNewsInline, order=20, from_pasted=news_item_from_pasted
        )
