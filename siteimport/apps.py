from django.apps import AppConfig


class SiteImportConfig(AppConfig):
    name = "siteimport"
    verbose_name = "Site import"
