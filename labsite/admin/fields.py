"""What every admin form field of the project gets: choices scoped by lab and role, the
markdown editor, the one link rule, and no browser ``maxlength``.

``scoped_choices`` asks the *target* model's admin (``linkable_queryset`` of a
``TenantAdmin``) which rows a foreign key or many-to-many may point to.
"""

from django import forms
from django.apps import apps
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from markdownx.widgets import AdminMarkdownxWidget

from labsite.admin.forms import has_lab_field, plain_help_texts
from labsite.links import LinkFormField
from labsite.models import Lab
from labsite.permissions import scope_for
from labsite.scoping import across_labs, for_labs

# Source fields where a member may pick any row of their lab, not only their own
# ("publications.authorship.person": a co-author from the lab). Apps register theirs.
LAB_WIDE_MEMBER_LINKS: set[str] = set()


def register_lab_wide_member_link(label: str) -> None:
    """Let members choose any row of their lab in ``app_label.model.field``."""
    LAB_WIDE_MEMBER_LINKS.add(label.lower())


def field_label(db_field) -> str:
    return f"{db_field.model._meta.label_lower}.{db_field.name}"


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
        return across_labs(queryset, "a platform superuser may link rows of any lab")
    target = db_field.related_model
    if target is Lab:
        return queryset.filter(pk__in=scope.lab_ids)
    if target is get_user_model():
        return queryset.none()  # logins are managed on their own pages, never picked freely
    try:
        target_admin = admin_site.get_model_admin(target)
    except NotRegistered:
        target_admin = None
    # A TenantAdmin (labsite.admin.base) says what its rows may be linked from.
    linkable_queryset = getattr(target_admin, "linkable_queryset", None)
    if linkable_queryset is not None:
        return linkable_queryset(request, queryset, db_field)
    if has_lab_field(target):
        return for_labs(queryset, scope.edited_lab_ids)
    return queryset


class TenantFieldsMixin:
    """For admins and inlines alike: help texts, widgets and scoped choices of fields."""

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
