"""Old addresses of a lab's or a member's former site (``Redirect``): lab editors and admins."""

from django import forms
from django.contrib import admin

from labsite.admin.base import TenantAdmin
from labsite.admin.forms import TenantModelForm
from labsite.models import Domain, Redirect
from labsite.permissions import scope_for

ALL_HOSTS = "All the lab's hosts"


def host_choices(request, lab, current: str = "") -> list[tuple[str, str]]:
    """The hosts a redirect may be limited to: the lab's own (or, while no lab is chosen,
    those of the labs the user edits). ``Redirect.clean`` checks the pick against its lab."""
    scope = scope_for(request)
    domains = Domain.objects.select_related("person").order_by("host")
    if lab is not None:
        domains = domains.filter(lab=lab)
    elif not scope.is_superuser:
        domains = domains.filter(lab_id__in=scope.edited_lab_ids)
    choices = [("", ALL_HOSTS)]
    for domain in domains:
        label = f"{domain.host} (homepage of {domain.person})" if domain.person_id else domain.host
        choices.append((domain.host, label))
    if current and current not in {value for value, _ in choices}:
        choices.append((current, f"{current} (no longer a host of the lab)"))
    return choices


class RedirectForm(TenantModelForm):
    def clean(self):
        cleaned = super().clean()
        host = cleaned.get("host")
        lab = cleaned.get("lab") or (self.instance.lab if self.instance.lab_id else None)
        if host and lab is not None and not Domain.objects.filter(lab=lab, host=host).exists():
            self.add_error("host", "Choose one of this lab's own hosts.")
        return cleaned


@admin.register(Redirect)
class RedirectAdmin(TenantAdmin):
    """Content staff only: members do not see other hosts' addresses of the lab."""

    form = RedirectForm
    list_display = ["old_path", "host_label", "target", "note"]
    search_fields = ["old_path", "target", "note"]
    fields = ["lab", "host", "old_path", "target", "note"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        lab = obj.lab if obj is not None else self.auto_lab(request)
        model_field = Redirect._meta.get_field("host")
        form.base_fields["host"] = forms.ChoiceField(
            choices=host_choices(request, lab, obj.host if obj is not None else ""),
            required=False,
            label="Host",
            help_text=model_field.help_text,
        )
        return form

    @admin.display(description="Host", ordering="host")
    def host_label(self, obj):
        return obj.host or ALL_HOSTS
