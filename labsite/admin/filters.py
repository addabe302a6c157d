"""List filters of the tenant admins."""

from django.contrib import admin

from labsite.admin.changelist import filter_id
from labsite.models import Lab
from labsite.permissions import scope_for
from labsite.scoping import unscoped


class LabListFilter(admin.SimpleListFilter):
    """Filter by lab, listing only labs the user works in."""

    title = "lab"
    parameter_name = "lab"

    def lookups(self, request, model_admin):
        scope = scope_for(request)
        labs = Lab.objects.all() if scope.is_superuser else Lab.objects.filter(pk__in=scope.lab_ids)
        return [(str(lab.pk), lab.name) for lab in labs]

    def has_output(self):
        # Always read ``?lab=`` (so a crafted value means the same for everyone) but show
        # the filter only when there is a choice.
        return len(self.lookup_choices) > 1

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(lab_id=filter_id(value))
        return queryset


class ScopedRelatedOnlyFieldListFilter(admin.RelatedOnlyFieldListFilter):
    """Django's filter by a foreign key, whose choices are the rows the list links to.

    Django reads them through the target's default manager, limited to the keys of the
    (scoped) list; ``TenantAdmin`` puts it in place of ``RelatedOnlyFieldListFilter``."""

    def field_choices(self, field, request, model_admin):
        with unscoped("filter choices: only rows that the scoped list links to"):
            return super().field_choices(field, request, model_admin)
