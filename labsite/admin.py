"""Admin registrations for tenancy, and the base class every tenant admin uses.

Scoping by lab and role lives here, in one place (see DESIGN.md, Tenancy).
"""

from django.contrib import admin

from labsite.models import Domain, Lab, LabRole
from labsite.permissions import labs_administered_by, labs_edited_by


class TenantAdmin(admin.ModelAdmin):
    """Base for every tenant model: rows, choices and the ``lab`` field scoped by role."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(lab__in=labs_edited_by(request.user))

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or [])
        if not request.user.is_superuser:
            exclude.append("lab")
        return exclude

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and not request.user.is_superuser:
            field.queryset = self._scope_related(db_field, field.queryset, request)
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and not request.user.is_superuser:
            field.queryset = self._scope_related(db_field, field.queryset, request)
        return field

    def _scope_related(self, db_field, queryset, request):
        labs = labs_edited_by(request.user)
        if db_field.name == "lab":
            return queryset.filter(pk__in=labs)
        if any(f.name == "lab" for f in db_field.related_model._meta.concrete_fields):
            return queryset.filter(lab__in=labs)
        return queryset

    def save_model(self, request, obj, form, change):
        if not change and not obj.lab_id:
            obj.lab = default_lab_for(request)
        super().save_model(request, obj, form, change)


def default_lab_for(request):
    """The lab new rows go to: the lab of this host if the user edits it, else their first."""
    labs = labs_edited_by(request.user)
    lab = getattr(request, "lab", None)
    if lab is not None and labs.filter(pk=lab.pk).exists():
        return lab
    return labs.first()


@admin.register(Lab)
class LabAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "institution"]
    search_fields = ["name", "slug", "institution"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pk__in=labs_edited_by(request.user))

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        if request.user.is_superuser:
            return True
        return labs_administered_by(request.user).filter(
            pk__in=[obj.pk] if obj else labs_edited_by(request.user)
        ).exists()


@admin.register(Domain)
class DomainAdmin(admin.ModelAdmin):
    list_display = ["host", "lab", "person", "is_primary"]
    search_fields = ["host"]
    autocomplete_fields = ["person"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("lab", "person")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(lab__in=labs_administered_by(request.user))


@admin.register(LabRole)
class LabRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "lab", "role"]
    list_filter = ["role"]
    autocomplete_fields = ["user"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("lab", "user")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(lab__in=labs_administered_by(request.user))
