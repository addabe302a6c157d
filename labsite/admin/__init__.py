"""The admin: one base class scopes every tenant model by lab and role.

The package, by job:

- ``base``: ``TenantAdmin``, the scoped base of every admin of a model with a ``lab``;
- ``inlines``: ``TenantInline`` (tabular, stacked), rows of the parent's lab;
- ``fields``: choices scoped by lab and role, markdown editor, the link rule;
- ``forms``: ``TenantModelForm``, ``TenantInlineFormSet``, fieldsets and help texts;
- ``filters``, ``changelist``: the lab filter and lists that meet bad filter values;
- ``views``: "View on site" on the object's lab's host; ``display``: thumbnails;
- ``lab``, ``domain``, ``roles``, ``redirects``: the admins of labsite's own models.

Importing this package configures the admin site and registers those admins; the names
other apps use (``from labsite.admin import TenantAdmin``) are re-exported here.
"""

from django.contrib import admin

from labsite.admin.base import MEMBER, STAFF, TenantAdmin
from labsite.admin.display import file_url, image_thumbnail
from labsite.admin.domain import HOST_BY_OPERATOR, DomainAdmin, DomainForm
from labsite.admin.fields import (
    LAB_WIDE_MEMBER_LINKS,
    TenantFieldsMixin,
    register_lab_wide_member_link,
    scoped_choices,
)
from labsite.admin.filters import LabListFilter
from labsite.admin.forms import (
    FILES_NOT_KEPT,
    TenantInlineFormSet,
    TenantModelForm,
    has_lab_field,
    is_stored,
    with_unlisted_fields,
)
from labsite.admin.inlines import TenantInline, TenantStackedInline, TenantTabularInline
from labsite.admin.lab import LabAdmin
from labsite.admin.redirects import RedirectAdmin
from labsite.admin.roles import LabRoleAdmin, LabRoleForm
from labsite.admin.views import public_url, view_on_site
from labsite.auth import ThrottledAdminAuthenticationForm

admin.site.site_header = "labsite admin"
admin.site.site_title = "labsite admin"
admin.site.index_title = "Your lab's content"
admin.site.login_form = ThrottledAdminAuthenticationForm

__all__ = [
    "FILES_NOT_KEPT",
    "HOST_BY_OPERATOR",
    "LAB_WIDE_MEMBER_LINKS",
    "MEMBER",
    "STAFF",
    "DomainAdmin",
    "DomainForm",
    "LabAdmin",
    "LabListFilter",
    "LabRoleAdmin",
    "LabRoleForm",
    "RedirectAdmin",
    "TenantAdmin",
    "TenantFieldsMixin",
    "TenantInline",
    "TenantInlineFormSet",
    "TenantModelForm",
    "TenantStackedInline",
    "TenantTabularInline",
    "file_url",
    "has_lab_field",
    "image_thumbnail",
    "is_stored",
    "public_url",
    "register_lab_wide_member_link",
    "scoped_choices",
    "view_on_site",
    "with_unlisted_fields",
]
