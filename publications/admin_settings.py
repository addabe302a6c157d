"""Admin of the lab's publication list settings: lab editors and admins only.

One row per lab, made on first use: opening the list makes the row of each lab the user
manages that has none yet, so there is always exactly one to change and none to add.
"""

from django.contrib import admin

from labsite.admin import TenantAdmin
from labsite.models import Lab
from labsite.permissions import scope_for
from publications.list_settings import get_or_create_list_settings
from publications.models import PublicationListSettings


@admin.register(PublicationListSettings)
class PublicationListSettingsAdmin(TenantAdmin):
    list_display = ["__str__", "grouping", "bold_members", "paper_highlights_in_honours"]
    fieldsets = [
        (None, {"fields": ["grouping", "bold_members", "paper_highlights_in_honours"]}),
        ("How papers read", {"fields": ["author_format", "title_link", "show_citations",
                                       "show_metric_links"]}),
        (
            "Headings of the groups by type",
            {"fields": ["preprints_heading", "papers_heading", "workshops_heading",
                        "others_heading"]},
        ),
    ]

    def has_add_permission(self, request):
        # One per lab, made when a lab's editor opens the list; a platform superuser may
        # make one for any lab (the unique constraint refuses a second).
        return scope_for(request).is_superuser

    def has_delete_permission(self, request, obj=None):
        return False  # nothing to delete: a lab without a row gets the defaults anyway

    def changelist_view(self, request, extra_context=None):
        scope = scope_for(request)
        if not scope.is_superuser:
            for lab in Lab.objects.filter(pk__in=self.staff_lab_ids(scope)):
                get_or_create_list_settings(lab=lab)
        return super().changelist_view(request, extra_context)
