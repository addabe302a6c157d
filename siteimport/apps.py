from django.apps import AppConfig


class SiteImportConfig(AppConfig):
    name = "siteimport"
    verbose_name = "Site import"

    def ready(self):
        from people.admin_tools import register_person_tool

        register_person_tool(label="Import a site…", url_name="siteimport_person")
