"""Hosts of labs and of members' homepages."""

from django.contrib import admin
from django.core.exceptions import ValidationError

from labsite.admin.base import TenantAdmin
from labsite.admin.forms import TenantModelForm
from labsite.models import Domain, LabRole, normalise_host
from labsite.permissions import scope_for


class DomainForm(TenantModelForm):
    def clean_host(self):
        host = normalise_host(self.cleaned_data["host"])
        taken = Domain.objects.filter(host__iexact=host).exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError("This host already serves a lab.")
        return host


HOST_BY_OPERATOR = "Hosts are added and renamed by the platform operator: ask them for a new one."


@admin.register(Domain)
class DomainAdmin(TenantAdmin):
    """A lab's hosts, and members' own domains.

    Claiming a host is the platform operator's (superuser's) job: ``ALLOWED_HOSTS`` lists
    hosts meant for every lab (and the one ``LABSITE_DEFAULT_LAB`` answers on), so a lab
    admin who could add or rename a Domain could take a host meant for another lab. Lab
    admins manage the hosts they were given: which is primary, which serves a member's
    homepage, and removing one.
    """

    form = DomainForm
    staff_role = LabRole.Role.ADMIN
    list_display = ["host", "person", "is_primary"]
    list_filter = ["is_primary"]
    search_fields = ["host"]
    autocomplete_fields = ["person"]
    list_select_related = ["person"]
    fields = ["lab", "host", "is_primary", "person"]

    def has_add_permission(self, request):
        return scope_for(request).is_superuser

    def get_form(self, request, obj=None, change=False, **kwargs):
        if not scope_for(request).is_superuser:
            kwargs["help_texts"] = {"host": HOST_BY_OPERATOR, **kwargs.get("help_texts", {})}
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if scope_for(request).is_superuser or "host" in fields:
            return fields
        return [*fields, "host"]
