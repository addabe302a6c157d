"""Admin of fresh metadata: the sources' statuses and the shared cache (platform
superusers: no lab owns them), a paper's counts per source (on the paper's form), the
review queue of suggestions (the lab's editors; a member sees their own papers'), and the
new papers found in members' ORCID or DBLP works (the member's own, or their lab's for
editors), opened for review in the import preview."""

from django.contrib import admin, messages
from django.contrib.humanize.templatetags.humanize import naturaltime

from labsite.admin import TenantAdmin, TenantTabularInline
from labsite.permissions import scope_for
from metadata.models import (
    CitationCount,
    FoundWorks,
    MetadataSuggestion,
    SourceRecord,
    SourceStatus,
    SuggestionStatus,
)
from metadata.suggestions import SuggestionRefused, accept_suggestion, reject_suggestion
from publications.imports.rules import authored_publications


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


class SuggestionStatusFilter(admin.SimpleListFilter):
    """Pending suggestions unless another status is chosen: the queue is what is left."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [*SuggestionStatus.choices, ("all", "All")]

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": (self.value() or SuggestionStatus.PENDING) == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        value = self.value() or SuggestionStatus.PENDING
        return queryset if value == "all" else queryset.filter(status=value)


@admin.register(MetadataSuggestion)
class MetadataSuggestionAdmin(TenantAdmin):
    """What sources found for the lab's papers (a preprint's published version), to accept
    (applied through the merge policy; edited fields kept) or reject (never proposed again)."""

    has_member_access = True
    list_display = ["publication", "suggested", "kind", "source", "status", "created"]
    list_filter = [SuggestionStatusFilter, "kind", "source"]
    list_select_related = ["publication"]
    search_fields = ["value", "publication__title"]
    readonly_fields = ["publication", "kind", "source", "value", "payload", "status",
                       "created", "decided_at", "decided_by"]
    fields = readonly_fields
    actions = ["accept", "reject"]
    ordering = ["-created", "-id"]

    def member_queryset(self, request, queryset):
        authored = authored_publications(scope_for(request).person_ids)
        return queryset.filter(publication_id__in=authored)

    def has_add_permission(self, request):
        return False  # written by refreshes only

    def has_delete_permission(self, request, obj=None):
        return False  # a deleted rejection would be proposed again

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # never deleted (has_delete_permission)
        return actions

    @admin.display(description="suggested")
    def suggested(self, obj):
        payload = obj.payload or {}
        parts = [payload.get("venue"), payload.get("year"), payload.get("doi")]
        return " · ".join(str(part) for part in parts if part) or obj.value

    @admin.action(description="Accept: apply the published version", permissions=["change"])
    def accept(self, request, queryset):
        self._decide(request, queryset, accept_suggestion, "accepted")

    @admin.action(description="Reject: never propose it again", permissions=["change"])
    def reject(self, request, queryset):
        self._decide(request, queryset, reject_suggestion, "rejected")

    def _decide(self, request, queryset, decide, verb):
        done = 0
        for suggestion in queryset.filter(status=SuggestionStatus.PENDING)[:self.list_per_page]:
            try:
                decide(suggestion=suggestion, user=request.user)
            except SuggestionRefused as refusal:
                self.message_user(request, str(refusal), messages.WARNING)
            else:
                done += 1
        self.message_user(request, f"{done} suggestion(s) {verb}.", messages.SUCCESS)


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
