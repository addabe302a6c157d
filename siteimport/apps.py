from django.apps import AppConfig


class SiteImportConfig(AppConfig):
    name = "siteimport"
    verbose_name = "Site import"

    def ready(self):
        from labsite.admin.object_tools import register_object_tool
        from labsite.permissions import scope_for

        # A member's change page is only theirs (or an editor's): the import is too.
        register_object_tool(model="people.person", label="Import a site…",
                             url_name="siteimport_person")
        register_object_tool(
            model="labsite.lab", label="Import a site…", url_name="siteimport_lab",
            allowed=lambda request, pk: scope_for(request).administers(int(pk)),
        )
