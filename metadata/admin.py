"""Admin of fresh metadata: the sources' statuses and the shared cache (platform
superusers: no lab owns them), a paper's counts per source (on the paper's form), and the
new papers found in members' ORCID or DBLP works (the member's own, or their lab's for
editors), opened for review in the import preview."""

from django.contrib import admin
from django.contrib.humanize.templatetags.humanize import naturaltime

from labsite.admin import TenantAdmin, TenantTabularInline
from labsite.permissions import scope_for
from metadata.models import CitationCount, FoundWorks, SourceRecord, SourceStatus


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


@admin.register(FoundWorks)
class FoundWorksAdmin(TenantAdmin):
    """Read-only: written by refreshes; "Review and import" opens the import preview, and
    deleting dismisses the works until a refresh finds them again."""

    has_member_access = True
    member_can_delete = True
    list_display = ["person", "source", "new_papers", "found_at"]
    list_filter = ["source"]
    fields = readonly_fields = ["person", "source", "new_papers", "found_at"]
    actions = ["review_and_import"]

    def member_queryset(self, request, queryset):
        return queryset.filter(person_id__in=scope_for(request).person_ids)

    def member_may_delete(self, request, obj):
        return obj.person_id in scope_for(request).person_ids

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Review and import the selected works")
    def review_and_import(self, request, queryset):
        from metadata.admin_views import open_for_review

        return open_for_review(request, queryset)
