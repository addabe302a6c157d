"""The admin: one base class scopes every tenant model by lab and role.

Roles (see docs/architecture.md, Tenancy, and ``labsite/permissions.py``): platform superusers see
everything; lab admins and editors see their labs; members see what is theirs. Django's
per-user permission tables are not used: ``TenantAdmin.has_*_permission`` answers from
the roles, so a lab editor needs nothing but ``is_staff`` and a ``LabRole``.

What ``TenantAdmin`` and ``TenantInline`` scope, in one place:

- rows (``get_queryset``) and object permissions (view/add/change/delete, module);
- foreign-key and many-to-many choices, in forms, inlines and autocomplete lookups
  (the choices come from the *target* model's admin, ``linkable_queryset``);
- list filters (a lab filter lists only the user's labs; use ``RelatedOnlyFieldListFilter``
  for foreign keys, never a plain one);
- the ``lab`` field: set from the host (or the user's only lab) and hidden; a choice of
  the user's own labs only when that is ambiguous; read-only once saved;
- validation: admin forms run ``TenantModel.clean()`` with ``lab`` already set, check
  many-to-many rows too, and refuse to save anything the user could not open afterwards;
- history (404 outside the scope) and "View on site" (on the lab's own host).

App admins describe members' rights with a few hooks: ``has_member_access``,
``member_queryset``, ``member_can_add``, ``member_may_save``, ``member_may_delete`` and
``member_readonly_fields``.
"""

from functools import partial

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Q

from labsite.admin.changelist import BoundedChangeListMixin
from labsite.admin.fields import (
    LAB_WIDE_MEMBER_LINKS,
    TenantFieldsMixin,
    autocomplete_source_field,
    field_label,
)
from labsite.admin.filters import LabListFilter, ScopedRelatedOnlyFieldListFilter
from labsite.admin.forms import (
    TenantModelForm,
    TenantModelFormSet,
    with_unlisted_fields,
    without_field,
)
from labsite.admin.views import ScopedPagesMixin
from labsite.models import Lab, LabRole
from labsite.permissions import acting_lab, scope_for
from labsite.scoping import across_labs, for_labs

STAFF = "staff"
MEMBER = "member"


class TenantAdmin(ScopedPagesMixin, BoundedChangeListMixin, TenantFieldsMixin, admin.ModelAdmin):
    """Base for every admin of a model with a ``lab``: scoped by lab and role."""

    form = TenantModelForm
    list_per_page = 50
    # Who, besides superusers, manages these rows: lab "editor"s (and admins) or lab "admin"s.
    staff_role = LabRole.Role.EDITOR
    # Members (a Person with this login) reach some rows of these models.
    has_member_access = False
    member_can_add = False
    member_can_delete = False  # some rows (``member_may_delete`` decides which)
    member_readonly_fields: tuple = ()
    member_scope_error = "You can only save items of your own lab that you may edit."

    class Media:
        css = {"all": ["labsite/admin.css"]}

    # --- Hooks for app admins -----------------------------------------------------------

    def member_queryset(self, request, queryset):
        """The rows of ``queryset`` that are the member's own (``has_member_access``)."""
        return queryset.none()

    def member_may_save(self, request, instance) -> bool:
        """May a member save ``instance`` (new or changed) as it now stands?"""
        return False

    def member_may_delete(self, request, obj) -> bool:
        return False

    # --- Scope --------------------------------------------------------------------------

    def staff_lab_ids(self, scope):
        if self.staff_role == LabRole.Role.ADMIN:
            return scope.administered_lab_ids
        return scope.edited_lab_ids

    def _unscoped_queryset(self, request):
        return super().get_queryset(request)

    def get_queryset(self, request):
        queryset = self._unscoped_queryset(request)
        scope = scope_for(request)
        if scope.is_superuser:
            return across_labs(queryset, "a platform superuser's admin sees every lab")
        condition = Q(lab_id__in=self.staff_lab_ids(scope))
        if self.has_member_access and scope.is_member:
            owned = self.member_queryset(
                request, for_labs(self.model._default_manager.all(), scope.member_lab_ids)
            )
            condition |= Q(pk__in=owned.values("pk"))
        return for_labs(queryset, scope.lab_ids).filter(condition)

    def linkable_queryset(self, request, queryset, db_field):
        """Rows of this model the user may choose in ``db_field`` of another model."""
        scope = scope_for(request)
        if scope.is_superuser:
            return across_labs(queryset, "a platform superuser may link rows of any lab")
        condition = Q(lab_id__in=self.staff_lab_ids(scope))
        if scope.is_member:
            if field_label(db_field) in LAB_WIDE_MEMBER_LINKS:
                condition |= Q(lab_id__in=scope.member_lab_ids)
            elif self.has_member_access:
                owned = self.member_queryset(
                    request, for_labs(self.model._default_manager.all(), scope.member_lab_ids)
                )
                condition |= Q(pk__in=owned.values("pk"))
        return for_labs(queryset, scope.lab_ids).filter(condition)

    def access(self, request, obj):
        """STAFF, MEMBER or None: how ``request.user`` reaches ``obj``."""
        scope = scope_for(request)
        if scope.is_superuser or obj.lab_id in self.staff_lab_ids(scope):
            return STAFF
        if not (self.has_member_access and obj.pk and obj.lab_id in scope.member_lab_ids):
            return None
        cache = request.__dict__.setdefault("_labsite_access", {})
        key = (self.model._meta.label_lower, obj.pk)
        if key not in cache:
            rows = for_labs(self.model._default_manager.all(), [obj.lab_id])
            owned = self.member_queryset(request, rows.filter(pk=obj.pk))
            cache[key] = MEMBER if owned.exists() else None
        return cache[key]

    def new_lab_ids(self, request):
        """Labs a new row may go to (None: any, for superusers)."""
        scope = scope_for(request)
        if scope.is_superuser:
            return None
        ids = set(self.staff_lab_ids(scope))
        if self.member_can_add:
            ids |= scope.member_lab_ids
        return ids

    def auto_lab(self, request):
        """The lab of a new row when there is nothing to choose: the host's, or the only one."""
        cache = request.__dict__.setdefault("_labsite_auto_lab", {})
        key = self.model._meta.label_lower
        if key not in cache:
            ids = self.new_lab_ids(request)
            # Superusers always choose (None), even on a lab's host: it is only the initial.
            cache[key] = None if ids is None else acting_lab(request, ids)
        return cache[key]

    def level(self, request, obj=None):
        """STAFF or MEMBER rules for ``obj``, or for a new row when ``obj`` is None."""
        if obj is not None:
            return self.access(request, obj)
        scope = scope_for(request)
        if scope.is_superuser:
            return STAFF
        staff_ids = self.staff_lab_ids(scope)
        lab = self.auto_lab(request)
        if lab is not None:
            return STAFF if lab.pk in staff_ids else MEMBER
        return STAFF if self.new_lab_ids(request) <= staff_ids else MEMBER

    def lab_field_mode(self, request, obj=None):
        """ "hidden", "readonly" or "edit": how the ``lab`` field shows on the form."""
        scope = scope_for(request)
        if obj is not None:
            return "readonly" if scope.is_superuser or len(scope.lab_ids) > 1 else "hidden"
        if scope.is_superuser:
            return "edit"
        return "hidden" if self.auto_lab(request) is not None else "edit"

    def check_write_scope(self, request, instance):
        """Refuse to save a row the user could not open afterwards."""
        scope = scope_for(request)
        if scope.is_superuser or instance.lab_id in self.staff_lab_ids(scope):
            return
        if (
            self.has_member_access
            and instance.lab_id in scope.member_lab_ids
            and self.member_may_save(request, instance)
        ):
            return
        raise ValidationError(self.member_scope_error)

    # --- Permissions --------------------------------------------------------------------

    def has_view_permission(self, request, obj=None):
        scope = scope_for(request)
        if scope.is_superuser:
            return True
        if obj is not None:
            return self.access(request, obj) is not None
        if autocomplete_source_field(request) is not None:
            return bool(scope.lab_ids)  # the results are scoped by linkable_queryset
        return bool(self.staff_lab_ids(scope)) or (self.has_member_access and scope.is_member)

    def has_change_permission(self, request, obj=None):
        scope = scope_for(request)
        if scope.is_superuser:
            return True
        if obj is not None:
            return self.access(request, obj) is not None
        return bool(self.staff_lab_ids(scope)) or (self.has_member_access and scope.is_member)

    def has_add_permission(self, request):
        scope = scope_for(request)
        if scope.is_superuser or self.staff_lab_ids(scope):
            return True
        return self.member_can_add and scope.is_member

    def has_delete_permission(self, request, obj=None):
        scope = scope_for(request)
        if scope.is_superuser:
            return True
        if obj is None:
            return bool(self.staff_lab_ids(scope)) or (
                self.has_member_access and self.member_can_delete and scope.is_member
            )
        access = self.access(request, obj)
        return access == STAFF or (
            access == MEMBER and self.member_can_delete and self.member_may_delete(request, obj)
        )

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    # --- Forms --------------------------------------------------------------------------

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or [])
        if self.lab_field_mode(request, obj) != "edit" and "lab" not in exclude:
            exclude.append("lab")
        return exclude

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if self.member_readonly_fields and self.level(request, obj) == MEMBER:
            fields += [name for name in self.member_readonly_fields if name not in fields]
        if self.lab_field_mode(request, obj) == "readonly":
            fields.append("lab")
        return fields

    def get_prepopulated_fields(self, request, obj=None):
        readonly = set(self.get_readonly_fields(request, obj))
        return {
            name: sources
            for name, sources in super().get_prepopulated_fields(request, obj).items()
            if name not in readonly
        }

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (name, {**options, "fields": without_field(options["fields"], "lab")})
            for name, options in super().get_fieldsets(request, obj)
        ]
        if self.fieldsets:
            fieldsets = with_unlisted_fields(self.model, fieldsets)
        if self.lab_field_mode(request, obj) != "hidden" and fieldsets:
            name, options = fieldsets[0]
            fieldsets[0] = (name, {**options, "fields": ["lab", *options["fields"]]})
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        # modelform_factory made a fresh class: these attributes stay with this request.
        form.labsite_scope_check = partial(self.check_write_scope, request)
        if obj is None:
            form.labsite_new_lab = self.auto_lab(request)
        return form

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "lab" and db_field.related_model is Lab:
            ids = self.new_lab_ids(request)
            labs = Lab.objects.all()
            kwargs["queryset"] = labs if ids is None else labs.filter(pk__in=ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        host_lab = getattr(request, "lab", None)
        ids = self.new_lab_ids(request)
        if host_lab is not None and (ids is None or host_lab.pk in ids):
            initial.setdefault("lab", host_lab.pk)
        return initial

    # --- Lists --------------------------------------------------------------------------

    def _shows_several_labs(self, request):
        scope = scope_for(request)
        return scope.is_superuser or len(scope.lab_ids) > 1

    def get_list_filter(self, request):
        return [
            LabListFilter,
            *(
                (entry[0], ScopedRelatedOnlyFieldListFilter)
                if isinstance(entry, tuple) and entry[1] is admin.RelatedOnlyFieldListFilter
                else entry
                for entry in super().get_list_filter(request)
            ),
        ]

    def get_changelist_formset(self, request, **kwargs):
        return super().get_changelist_formset(request, **{"formset": TenantModelFormSet, **kwargs})

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        if self._shows_several_labs(request) and "lab" not in columns:
            columns.append("lab")
        return columns

    def get_list_select_related(self, request):
        related = super().get_list_select_related(request)
        if self._shows_several_labs(request) and isinstance(related, (list, tuple)):
            return [*related, "lab"]
        return related

    # --- Search and autocomplete --------------------------------------------------------

    def get_search_results(self, request, queryset, search_term):
        source = autocomplete_source_field(request)
        if source is not None and source.related_model is self.model:
            # Autocomplete offers what the *source* field may link to, which for a member
            # can be more than their own rows (a co-author) or less (only themselves).
            queryset = self.linkable_queryset(
                request, self._unscoped_queryset(request), source
            ).complex_filter(source.get_limit_choices_to())
        return super().get_search_results(request, queryset, search_term)
