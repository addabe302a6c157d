from django.apps import AppConfig


class MetadataConfig(AppConfig):
    name = "metadata"
    verbose_name = "Fresh metadata"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from labsite.admin.object_tools import register_object_tool
        from labsite.permissions import scope_for
        from metadata import checks
        from metadata.admin import CitationCountInline
        from publications.admin_inlines import register_publication_inline

        # A paper's counts per source, read-only on its form (publications/admin_inlines.py).
        register_publication_inline(CitationCountInline)
        checks.register_checks()  # metadata.W001: labs off their schedule (check --deploy)

        register_object_tool(
            model="labsite.lab", label="Fresh metadata", url_name="metadata_lab",
            allowed=lambda request, pk: scope_for(request).administers(int(pk)),
        )
