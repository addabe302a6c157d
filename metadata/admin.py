"""Admin of fresh metadata: the sources' statuses and the shared cache (platform
superusers: no lab owns them), and a paper's counts per source (on the paper's form)."""

from django.contrib import admin
from django.contrib.humanize.templatetags.humanize import naturaltime

from labsite.admin import TenantTabularInline
from metadata.models import CitationCount, SourceRecord, SourceStatus


class SuperuserOnlyAdmin(admin.ModelAdmin):
    """Read-only and only for superusers: shared by every lab, written by the refresh."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)


@admin.register(SourceStatus)
class SourceStatusAdmin(SuperuserOnlyAdmin):
    list_display = ["source", "last_success_ago", "last_failure_ago", "consecutive_failures",
                    "open_until", "last_error"]

    @admin.display(description="last success")
    def last_success_ago(self, obj):
        return naturaltime(obj.last_success) if obj.last_success else "never"

    @admin.display(description="last failure")
    def last_failure_ago(self, obj):
        return naturaltime(obj.last_failure) if obj.last_failure else "never"


@admin.register(SourceRecord)
class SourceRecordAdmin(SuperuserOnlyAdmin):
    list_display = ["value", "kind", "source", "status", "cited_by_count", "fetched_at"]
    list_filter = ["source", "kind", "status"]
    search_fields = ["value", "source_id"]
    show_full_result_count = False


class CitationCountInline(TenantTabularInline):
    """A paper's counts per source and when they were read (written by refreshes only)."""

    model = CitationCount
    fk_name = "publication"
    fields = ["source", "count", "read_on"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "citation counts per source"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
