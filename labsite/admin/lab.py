"""The admin of labs themselves."""

from django.contrib import admin
from django.utils.html import format_html

from labsite.admin.changelist import BoundedChangeListMixin
from labsite.admin.display import file_url, image_thumbnail
from labsite.admin.fields import TenantFieldsMixin
from labsite.admin.forms import with_unlisted_fields
from labsite.admin.object_tools import ObjectToolsMixin
from labsite.admin.sections import LabSectionInline
from labsite.admin.views import ScopedPagesMixin
from labsite.models import Lab
from labsite.permissions import scope_for
from labsite.sections import LabSection
from labsite.services import add_default_lab_sections


@admin.register(Lab)
class LabAdmin(
    ObjectToolsMixin, ScopedPagesMixin, BoundedChangeListMixin, TenantFieldsMixin,
    admin.ModelAdmin,
):
    """Superusers create labs; a lab's admins and editors edit its page, never its slug."""

    not_found_message = "No such lab here."
    list_display = ["name", "slug", "institution", "site_link"]
    search_fields = ["name", "slug", "institution"]
    prepopulated_fields = {"slug": ["name"]}
    markdown_fields = ("about",)
    inlines = [LabSectionInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "tagline", "institution"]}),
        (
            "Home page",
            {"fields": ["about", "logo", "logo_preview", "accent_colour", "date_format"]},
        ),
        ("Contact", {"fields": ["email", "address", "footer_text"]}),
    ]

    class Media:
        css = {"all": ["labsite/admin.css"]}

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        scope = scope_for(request)
        if scope.is_superuser:
            return queryset
        return queryset.filter(pk__in=scope.edited_lab_ids)

    def get_fieldsets(self, request, obj=None):
        return with_unlisted_fields(Lab, super().get_fieldsets(request, obj))

    def get_readonly_fields(self, request, obj=None):
        fields = ["logo_preview"]
        if not scope_for(request).is_superuser:
            fields.append("slug")
        return fields

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if scope_for(request).is_superuser else {}

    def has_view_permission(self, request, obj=None):
        scope = scope_for(request)
        if scope.is_superuser:
            return True
        if obj is None:
            return bool(scope.edited_lab_ids)
        return obj.pk in scope.edited_lab_ids

    has_change_permission = has_view_permission

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return scope_for(request).is_superuser

    def has_delete_permission(self, request, obj=None):
        return scope_for(request).is_superuser

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # A lab added here starts with the usual home page unless sections were given.
        if not change and not LabSection.objects.for_lab(form.instance).exists():
            add_default_lab_sections(lab=form.instance)

    @admin.display(description="Logo")
    def logo_preview(self, obj):
        return image_thumbnail(file_url(obj.logo), alt=f"Logo of {obj.name}", size=96)

    @admin.display(description="Site")
    def site_link(self, obj):
        host = obj.primary_domain
        return format_html('<a href="//{}/">{}</a>', host, host) if host else "—"
