from pathlib import Path

from django.apps import AppConfig
from django.conf import settings


class LabsiteConfig(AppConfig):
    name = "labsite"
    verbose_name = "Labs and domains"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib import admin

        from labsite import proxies, signals
        from labsite.admin.changelist import bound_every_changelist
        from labsite.home import register_home_section
        from labsite.sections import SectionKind, custom_context, lab_about_context

        # The embedded defaults keep the SQLite file and collected static files under var/:
        # made when the app starts, not when the settings are read.
        Path(settings.VAR_DIR).mkdir(parents=True, exist_ok=True)
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
        proxies.register_checks()
        # django.contrib.admin, listed first, has registered every app's admin by now.
        bound_every_changelist(admin.site)
        signals.connect_tenant_models()
        register_home_section(
            SectionKind.ABOUT, template="labsite/sections/about.html",
            get_context=lab_about_context,
        )  # fmt: skip
        register_home_section(
            SectionKind.CUSTOM, template="labsite/sections/html.html", get_context=custom_context
        )
