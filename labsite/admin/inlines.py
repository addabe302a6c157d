"""Inlines of tenant models: rows of the parent's lab, with the parent's rights."""

from django.contrib.admin.options import InlineModelAdmin

from labsite.admin.base import STAFF, TenantAdmin
from labsite.admin.fields import TenantFieldsMixin
from labsite.admin.forms import TenantInlineFormSet, TenantModelForm
from labsite.permissions import scope_for
from labsite.scoping import across_labs, for_labs


class TenantInline(TenantFieldsMixin, InlineModelAdmin):
    """Base for inlines of tenant models: rows of the parent's lab, rights of the parent."""

    form = TenantModelForm
    formset = TenantInlineFormSet
    extra = 0

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or [])
        if "lab" not in exclude:
            exclude.append("lab")  # always the parent's lab
        return exclude

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        scope = scope_for(request)
        if scope.is_superuser:
            return across_labs(queryset, "a platform superuser's admin sees every lab")
        return for_labs(queryset, scope.lab_ids)

    @property
    def parent_admin(self):
        return self.admin_site.get_model_admin(self.parent_model)

    def parent_level(self, request, obj=None):
        parent = self.parent_admin
        return parent.level(request, obj) if isinstance(parent, TenantAdmin) else STAFF

    def has_view_permission(self, request, obj=None):
        return self.parent_admin.has_view_permission(request, obj)

    def has_add_permission(self, request, obj):
        if obj is None:
            return self.parent_admin.has_add_permission(request)
        return self.parent_admin.has_change_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return self.parent_admin.has_add_permission(
                request
            ) or self.parent_admin.has_change_permission(request)
        return self.parent_admin.has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)


class TenantTabularInline(TenantInline):
    template = "admin/edit_inline/tabular.html"


class TenantStackedInline(TenantInline):
    template = "admin/edit_inline/stacked.html"
