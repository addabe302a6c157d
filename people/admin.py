"""Admin of the team: groups, members, their links and CV entries (and, as inline tables
registered by their apps, their awards and news: people/admin_inlines.py).

Scoping by lab and role is in ``labsite.admin.TenantAdmin``. Members (a Person with a
login) edit their own record, links and CV entries; the lab decides their group, order,
dates, URL slug and login. A lab admin gives a member a login from their page
("Login…"): an invitation link to set a password, and revokes it there too.
"""

from functools import partial

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from labsite.admin import (
    TenantAdmin,
    TenantStackedInline,
    TenantTabularInline,
    file_url,
    image_thumbnail,
    is_stored,
)
from labsite.admin.object_tools import ObjectToolsMixin
from labsite.admin.sections import SectionInline
from labsite.auth import invitation_days, invite_member, revoke_member_login
from labsite.permissions import may_reset_login, scope_for
from people.admin_inlines import person_admin_inlines
from people.admin_paste import paste_list_view
from people.models import CVEntry, Group, Person, PersonLink, PersonSection, ResearchInterest
from people.services import add_default_sections


class PersonLinkInline(TenantTabularInline):
    model = PersonLink
    fields = ["kind", "url", "label", "order"]
    ordering = ["order", "pk"]
    verbose_name = "link"


class CVEntryInline(TenantStackedInline):
    model = CVEntry
    fields = [
        ("kind", "talk_kind"),
        "title",
        "organisation",
        "place",
        ("start_year", "start_month", "start_day"),
        ("end_year", "end_month", "end_day", "end_expected"),
        "description",
        "link",
        "order",
    ]
    markdown_fields = ("description",)
    ordering = ["kind", "-start_year", "-start_month", "-start_day", "order", "pk"]


class PersonSectionInline(SectionInline):
    model = PersonSection
    verbose_name = "homepage section"
    verbose_name_plural = "Homepage sections (in order; empty ones are not shown)"


class ResearchInterestInline(TenantTabularInline):
    model = ResearchInterest
    fields = ["order", "title", "description"]
    ordering = ["order", "pk"]
    max_num = 100


@admin.register(Group)
class GroupAdmin(TenantAdmin):
    list_display = ["name", "kind", "order", "member_count"]
    list_editable = ["order"]
    list_filter = ["kind"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("members"))

    @admin.display(description="Members", ordering="member_count")
    def member_count(self, obj):
        return obj.member_count


class StatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("current", "Current members"), ("alumni", "Alumni")]

    def queryset(self, request, queryset):
        if self.value() == "current":
            return queryset.current()
        if self.value() == "alumni":
            return queryset.alumni()
        return queryset


@admin.register(Person)
class PersonAdmin(ObjectToolsMixin, TenantAdmin):
    has_member_access = True
    member_readonly_fields = (
        "slug", "group", "order", "joined", "joined_precision", "left", "left_precision",
        "team_lead",
    )
    member_scope_error = "You can only edit your own page."
    not_found_message = "No such member here."
    change_form_template = "admin/people/person/change_form.html"

    list_display = ["photo_thumbnail", "full_name", "group", "position", "status", "login"]
    list_display_links = ["photo_thumbnail", "full_name"]
    list_filter = [("group", admin.RelatedOnlyFieldListFilter), StatusFilter, "homepage_enabled"]
    list_select_related = ["group", "user"]
    search_fields = ["full_name", "name_variants", "email", "slug", "position"]
    prepopulated_fields = {"slug": ["full_name"]}
    markdown_fields = ("bio", "about")
    readonly_fields = ["photo_preview"]
    inlines = [PersonSectionInline, ResearchInterestInline, PersonLinkInline, CVEntryInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("full_name", "native_name", "native_name_lang"),
                    "slug",
                    "position",
                    "affiliation",
                    "group",
                    "order",
                ]
            },
        ),
        (
            "Photo",
            {
                "fields": [
                    "photo",
                    "photo_preview",
                    "photo_alt",
                    ("photo_position", "photo_shape", "photo_size"),
                ]
            },
        ),
        (
            "Homepage",
            {
                "fields": ["bio", "about", "homepage_enabled", "team_lead", "date_format"]
            },
        ),
        ("Contact", {"fields": ["email", ("email_display", "email_written"), "location"]}),
        (
            "Membership",
            {"fields": [("joined", "joined_precision"), ("left", "left_precision"), "now", "user"]},
        ),
        (
            "Publications import",
            {"fields": ["name_variants"], "classes": ["collapse"]},
        ),
    ]

    # --- Members ------------------------------------------------------------------------

    def member_queryset(self, request, queryset):
        return queryset.filter(pk__in=scope_for(request).person_ids)

    def member_may_save(self, request, instance):
        return instance.pk in scope_for(request).person_ids

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # A member added here starts with the usual homepage unless sections were given.
        if not change and not form.instance.sections.exists():
            add_default_sections(person=form.instance)

    # --- Form ---------------------------------------------------------------------------

    def get_inlines(self, request, obj):
        # Awards, news … of the person, registered by their apps (people/admin_inlines.py).
        return [*super().get_inlines(request, obj), *person_admin_inlines()]

    def get_autocomplete_fields(self, request):
        return ["group", "user"] if scope_for(request).is_superuser else ["group"]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        # Logins are given and revoked on the "Login…" page, never picked from a list.
        if not scope_for(request).is_superuser and "user" not in fields:
            fields = [*fields, "user"]
        return fields

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_manage_login"] = obj is not None and self.may_manage_login(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- Columns ------------------------------------------------------------------------

    @admin.display(description="Photo")
    def photo_thumbnail(self, obj):
        return image_thumbnail(self._photo_url(obj, 96), alt="", size=40)

    @admin.display(description="Photo preview")
    def photo_preview(self, obj):
        return image_thumbnail(self._photo_url(obj, 320), alt=obj.photo_alt, size=160)

    @staticmethod
    def _photo_url(obj, width):
        if not is_stored(obj.photo):
            return ""  # none, or the upload of a form with errors: not in storage
        if hasattr(obj, "photo_url"):
            return obj.photo_url(width)
        return file_url(obj.photo)

    @admin.display(description="Status", ordering="left")
    def status(self, obj):
        return "Alumni" if obj.is_alumnus() else "Current"

    @admin.display(description="Login", ordering="user__username")
    def login(self, obj):
        return login_status(obj.user)

    # --- Logins -------------------------------------------------------------------------

    def may_manage_login(self, request, person):
        return scope_for(request).administers(person.lab_id)

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_login"
        return [
            path(
                "<path:object_id>/login/",
                self.admin_site.admin_view(self.login_view),
                name=name,
            ),
            path(
                "<path:object_id>/paste-list/",
                self.admin_site.admin_view(partial(paste_list_view, self)),
                name=f"{self.opts.app_label}_{self.opts.model_name}_paste_list",
            ),
            *super().get_urls(),
        ]

    def login_view(self, request, object_id):
        """Give a member a login (an invitation link to set a password), or revoke it."""
        person = self.object_or_404(request, object_id)
        if not self.may_manage_login(request, person):
            raise PermissionDenied
        here = reverse("admin:people_person_login", args=[person.pk])
        invitation = None
        if request.method == "POST":
            user = person.user
            action = request.POST.get("action")
            may_link = user is None or may_reset_login(request.user, user)
            if action == "invite" and may_link:
                try:
                    invitation = invite_member(person=person, request=request)
                except ValidationError as error:
                    messages.error(request, " ".join(error.messages))
                    return redirect(here)
                self.log_change(
                    request,
                    person,
                    f"Created the login “{invitation.username}” and an invitation link."
                    if invitation.created_login
                    else f"Issued a new set-password link for “{invitation.username}”.",
                )
            elif action == "revoke" and user is not None and user.pk != request.user.pk:
                revocation = revoke_member_login(person=person)
                self.log_change(request, person, f"Revoked the login “{revocation.username}”.")
                messages.success(
                    request,
                    f"{person} can no longer log in as “{revocation.username}”."
                    if revocation.deactivated
                    else f"“{revocation.username}” no longer edits {person} or this lab; the "
                    "login stays active for its other labs.",
                )
                return redirect(here)
            else:
                messages.error(request, "That is not possible for this login.")
                return redirect(here)
        user = person.user
        context = {
            **self.admin_site.each_context(request),
            "title": f"Login of {person}",
            "subtitle": None,
            "opts": self.opts,
            "original": person,
            "login_user": user,
            "login_status": login_status(user),
            "may_link": user is None or may_reset_login(request.user, user),
            "may_revoke": user is not None and user.pk != request.user.pk,
            "invitation": invitation,
            "invitation_days": invitation_days(),
            "now": timezone.now(),
        }
        return TemplateResponse(request, "admin/people/person/login.html", context)


def login_status(user) -> str:
    if user is None:
        return "—"
    if not user.is_active:
        return f"{user.get_username()} (deactivated)"
    if not user.has_usable_password():
        return f"{user.get_username()} (invited)"
    return user.get_username()
