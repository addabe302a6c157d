"""The admin: one base class scopes every tenant model by lab and role.

Roles (see DESIGN.md, Tenancy, and ``labsite/permissions.py``): platform superusers see
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

from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseRedirect
from django.urls import NoReverseMatch
from django.utils.html import format_html
from markdownx.widgets import AdminMarkdownxWidget

from labsite.admin_changelist import BoundedChangeListMixin, filter_id
from labsite.admin_forms import is_stored, note_uploads_not_kept, plain_help_texts
from labsite.auth import ThrottledAdminAuthenticationForm
from labsite.links import LinkFormField
from labsite.models import Domain, Lab, LabRole, normalise_host
from labsite.permissions import scope_for, users_of_labs

admin.site.site_header = "labsite admin"
admin.site.site_title = "labsite admin"
admin.site.index_title = "Your lab's content"
admin.site.login_form = ThrottledAdminAuthenticationForm

STAFF = "staff"
MEMBER = "member"

# Source fields where a member may pick any row of their lab, not only their own
# ("publications.authorship.person": a co-author from the lab). Apps register theirs.
LAB_WIDE_MEMBER_LINKS: set[str] = set()


def register_lab_wide_member_link(label: str) -> None:
    """Let members choose any row of their lab in ``app_label.model.field``."""
    LAB_WIDE_MEMBER_LINKS.add(label.lower())


def field_label(db_field) -> str:
    return f"{db_field.model._meta.label_lower}.{db_field.name}"


def has_lab_field(model) -> bool:
    try:
        return model._meta.get_field("lab").related_model is Lab
    except FieldDoesNotExist:
        return False


def autocomplete_source_field(request):
    """The field an admin autocomplete request is for, or None for any other request."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name != "autocomplete":
        return None
    try:
        model = apps.get_model(request.GET["app_label"], request.GET["model_name"])
        return model._meta.get_field(request.GET["field_name"])
    except (KeyError, LookupError, FieldDoesNotExist, ValueError):
        return None


def scoped_choices(admin_site, request, db_field, queryset):
    """The rows ``request.user`` may choose in ``db_field`` (a foreign key or many-to-many)."""
    scope = scope_for(request)
    if scope.is_superuser:
        return queryset
    target = db_field.related_model
    if target is Lab:
        return queryset.filter(pk__in=scope.lab_ids)
    if target is get_user_model():
        return queryset.none()  # logins are managed on their own pages, never picked freely
    try:
        target_admin = admin_site.get_model_admin(target)
    except NotRegistered:
        target_admin = None
    if isinstance(target_admin, TenantAdmin):
        return target_admin.linkable_queryset(request, queryset, db_field)
    if has_lab_field(target):
        return queryset.filter(lab_id__in=scope.edited_lab_ids)
    return queryset


def image_thumbnail(url: str, *, alt: str = "", size: int = 48):
    """An ``<img>`` for list columns and forms (the URL and text are escaped)."""
    if not url:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" class="labsite-thumb" width="{}" height="{}" loading="lazy">',
        url,
        alt,
        size,
        size,
    )


def file_url(file) -> str:
    if not is_stored(file):
        return ""
    try:
        return file.url
    except ValueError:
        return ""


# --- Forms ----------------------------------------------------------------------------------


class TenantModelForm(forms.ModelForm):
    """Runs model validation with ``lab`` set, so ``TenantModel.clean()`` checks every relation.

    ``labsite_new_lab`` (set by the admin) is the lab of a new row whose ``lab`` is not a
    form field; ``labsite_scope_check`` refuses rows the user could not open afterwards.
    """

    labsite_new_lab = None
    labsite_scope_check = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.labsite_new_lab is not None and self.instance._state.adding:
            self.instance.lab = self.labsite_new_lab

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        # ``lab`` is set even when it is not a field: validate constraints that include it
        # (slug unique per lab, ...) instead of meeting them as IntegrityErrors.
        if getattr(self.instance, "lab_id", None) is not None and "lab" not in self._errors:
            exclude.discard("lab")
        return exclude

    def _post_clean(self):
        super()._post_clean()
        self._check_many_to_many_labs()
        if not self._errors and self.labsite_scope_check is not None:
            try:
                self.labsite_scope_check(self.instance)
            except ValidationError as error:
                self.add_error(None, error)

    def _check_many_to_many_labs(self):
        lab_id = getattr(self.instance, "lab_id", None)
        if lab_id is None:
            return
        for field in self.instance._meta.many_to_many:
            chosen = self.cleaned_data.get(field.name)
            if chosen is None or not has_lab_field(field.related_model):
                continue
            if any(item.lab_id != lab_id for item in chosen):
                self.add_error(field.name, "Choose items of the same lab.")


class TenantInlineFormSet(BaseInlineFormSet):
    """New inline rows belong to the parent's lab, before they are validated."""

    def full_clean(self):
        lab_id = getattr(self.instance, "lab_id", None)
        if lab_id is not None:
            for form in self.forms:
                if form.instance._state.adding:
                    form.instance.lab_id = lab_id
        super().full_clean()


# --- Shared by admins and inlines -----------------------------------------------------------


class _TenantFieldsMixin:
    markdown_fields: tuple = ()

    # Meta.help_texts: used by the form fields and by read-only fields alike.
    def get_form(self, request, obj=None, **kwargs):
        kwargs["help_texts"] = {**plain_help_texts(self.model), **kwargs.get("help_texts", {})}
        return super().get_form(request, obj, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["help_texts"] = {**plain_help_texts(self.model), **kwargs.get("help_texts", {})}
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.markdown_fields:
            kwargs["widget"] = AdminMarkdownxWidget
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("form_class", LinkFormField)  # the one rule for links
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(formfield, forms.CharField):
            # A browser's maxlength cuts typed and pasted text without a word; the form's
            # own check says how long the value is and what the limit is.
            formfield.widget.attrs.pop("maxlength", None)
        return formfield

    def get_field_queryset(self, db, db_field, request):
        queryset = super().get_field_queryset(db, db_field, request)
        if queryset is None:
            queryset = db_field.remote_field.model._default_manager.using(db).all()
        return scoped_choices(self.admin_site, request, db_field, queryset)


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


def with_unlisted_fields(model, fieldsets):
    """Fieldsets plus a "More" one for editable fields they do not list (added later)."""
    listed = set(flatten_fieldsets(fieldsets))
    more = [
        field.name
        for field in model._meta.concrete_fields
        if field.editable
        and not field.primary_key
        and field.name != "lab"
        and field.name not in listed
    ]
    more += [
        field.name
        for field in model._meta.many_to_many
        if field.editable and field.name not in listed
    ]
    return [*fieldsets, ("More", {"fields": more})] if more else list(fieldsets)


def _without_field(fields, name):
    kept = []
    for entry in fields:
        if isinstance(entry, (list, tuple)):
            inner = tuple(item for item in entry if item != name)
            if inner:
                kept.append(inner)
        elif entry != name:
            kept.append(entry)
    return kept


# --- The base classes -----------------------------------------------------------------------


class TenantAdmin(BoundedChangeListMixin, _TenantFieldsMixin, admin.ModelAdmin):
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
            return queryset
        condition = Q(lab_id__in=self.staff_lab_ids(scope))
        if self.has_member_access and scope.is_member:
            owned = self.member_queryset(
                request, self.model._default_manager.filter(lab_id__in=scope.member_lab_ids)
            )
            condition |= Q(pk__in=owned.values("pk"))
        return queryset.filter(condition)

    def linkable_queryset(self, request, queryset, db_field):
        """Rows of this model the user may choose in ``db_field`` of another model."""
        scope = scope_for(request)
        if scope.is_superuser:
            return queryset
        condition = Q(lab_id__in=self.staff_lab_ids(scope))
        if scope.is_member:
            if field_label(db_field) in LAB_WIDE_MEMBER_LINKS:
                condition |= Q(lab_id__in=scope.member_lab_ids)
            elif self.has_member_access:
                owned = self.member_queryset(
                    request, self.model._default_manager.filter(lab_id__in=scope.member_lab_ids)
                )
                condition |= Q(pk__in=owned.values("pk"))
        return queryset.filter(condition)

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
            owned = self.member_queryset(request, self.model._default_manager.filter(pk=obj.pk))
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
            host_lab = getattr(request, "lab", None)
            if ids is None:
                lab = None
            elif host_lab is not None and host_lab.pk in ids:
                lab = host_lab
            elif len(ids) == 1:
                lab = Lab.objects.get(pk=next(iter(ids)))
            else:
                lab = None
            cache[key] = lab
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
            (name, {**options, "fields": _without_field(options["fields"], "lab")})
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
        return [LabListFilter, *super().get_list_filter(request)]

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

    # --- History and "View on site" -----------------------------------------------------

    def history_view(self, request, object_id, extra_context=None):
        if self.get_object(request, unquote(object_id)) is None:
            raise Http404("No such item here.")
        return super().history_view(request, object_id, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        note_uploads_not_kept(request, context["adminform"].form)
        response = super().render_change_form(request, context, add, change, form_url, obj)
        if obj is not None and hasattr(response, "context_data"):
            url = public_url(request, obj) if self.view_on_site else None
            response.context_data["has_absolute_url"] = url is not None
            response.context_data["absolute_url"] = url
        return response


def public_url(request, obj):
    """The object's page on its lab's host (this host when the admin runs on it)."""
    if not hasattr(obj, "get_absolute_url"):
        return None
    if not isinstance(obj, Lab) and not has_lab_field(type(obj)):
        return None
    try:
        path = obj.get_absolute_url()
    except NoReverseMatch:
        return None
    if path.startswith(("http://", "https://")):
        return path
    lab = obj if isinstance(obj, Lab) else obj.lab
    host_lab = getattr(request, "lab", None)
    if host_lab is not None and host_lab.pk == lab.pk:
        host = request.get_host()
    else:
        host = lab.primary_domain
        if not host:
            return None
    scheme = "https" if (request.is_secure() or settings.HTTPS) else "http"
    return f"{scheme}://{host}{path}"


def view_on_site(request, content_type_id, object_id):
    """Stands in for Django's ``admin/r/<content type>/<id>/``, which answers for any row of
    any lab: this one finds the row through its admin (so in scope) and goes to its lab's
    host."""
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        model_admin = admin.site.get_model_admin(model) if model is not None else None
    except (ContentType.DoesNotExist, NotRegistered):
        model_admin = None
    if model_admin is None:
        raise Http404("No such page.")
    obj = model_admin.get_object(request, unquote(object_id))
    url = public_url(request, obj) if obj is not None else None
    if url is None or not model_admin.has_view_permission(request, obj):
        raise Http404("No such page.")
    return HttpResponseRedirect(url)


class TenantInline(_TenantFieldsMixin, InlineModelAdmin):
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
            return queryset
        return queryset.filter(lab_id__in=scope.lab_ids)

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


# --- Labs, domains and roles ----------------------------------------------------------------


@admin.register(Lab)
class LabAdmin(BoundedChangeListMixin, _TenantFieldsMixin, admin.ModelAdmin):
    """Superusers create labs; a lab's admins and editors edit its page, never its slug."""

    list_display = ["name", "slug", "institution", "site_link"]
    search_fields = ["name", "slug", "institution"]
    prepopulated_fields = {"slug": ["name"]}
    markdown_fields = ("about",)
    fieldsets = [
        (None, {"fields": ["name", "slug", "tagline", "institution"]}),
        ("Home page", {"fields": ["about", "logo", "logo_preview", "accent_colour"]}),
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

    @admin.display(description="Logo")
    def logo_preview(self, obj):
        return image_thumbnail(file_url(obj.logo), alt=f"Logo of {obj.name}", size=96)

    @admin.display(description="Site")
    def site_link(self, obj):
        host = obj.primary_domain
        return format_html('<a href="//{}/">{}</a>', host, host) if host else "—"

    def history_view(self, request, object_id, extra_context=None):
        if self.get_object(request, unquote(object_id)) is None:
            raise Http404("No such lab here.")
        return super().history_view(request, object_id, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        note_uploads_not_kept(request, context["adminform"].form)
        response = super().render_change_form(request, context, add, change, form_url, obj)
        if obj is not None and hasattr(response, "context_data"):
            url = public_url(request, obj)
            response.context_data["has_absolute_url"] = url is not None
            response.context_data["absolute_url"] = url
        return response


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
