"""Who edits or administers a lab (``LabRole``)."""

from django.contrib import admin

from labsite.admin.base import TenantAdmin
from labsite.admin.forms import TenantModelForm
from labsite.models import LabRole
from labsite.permissions import scope_for, users_of_labs


class LabRoleForm(TenantModelForm):
    def clean(self):
        cleaned = super().clean()
        user = cleaned.get("user")
        if user is not None and not user.is_active:
            self.add_error("user", "This login is deactivated.")
        return cleaned


@admin.register(LabRole)
class LabRoleAdmin(TenantAdmin):
    """Who edits (or administers) a lab. Lab admins only.

    A lab admin picks among logins that already work in their labs (e.g. a member who
    got a login from their Person page); the platform's other accounts stay private.
    """

    form = LabRoleForm
    staff_role = LabRole.Role.ADMIN
    list_display = ["user", "role", "user_email", "last_login"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__email", "user__first_name", "user__last_name"]
    list_select_related = ["user"]
    fields = ["lab", "user", "role"]

    def get_autocomplete_fields(self, request):
        return ["user"] if scope_for(request).is_superuser else []

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "user"] if obj is not None else fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        scope = scope_for(request)
        if db_field.name == "user" and not scope.is_superuser:
            kwargs["queryset"] = users_of_labs(self.staff_lab_ids(scope))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not obj.user.is_staff:
            # A role is what lets the login into the admin.
            obj.user.is_staff = True
            obj.user.save(update_fields=["is_staff"])

    @admin.display(description="Email", ordering="user__email")
    def user_email(self, obj):
        return obj.user.email

    @admin.display(description="Last login", ordering="user__last_login")
    def last_login(self, obj):
        return obj.user.last_login or "never"
