"""Admin of publications: papers with their numbered authors and links, and tags.

Scoping by lab and role is in ``labsite.admin.TenantAdmin``. A member edits the papers
they are an author of (linked to their Person): every field, the tags, the links and
the author list. Two rules keep a member's edits their own:

- a member stays linked as an author of every paper they save (a paper they add, too):
  taking a wrongly matched paper off one's page is a lab editor's job;
- a member deletes a paper only when no other lab member is linked to it, so nobody's
  paper disappears from their homepage because a co-author removed it.

Fields changed in the admin are recorded in ``Publication.edited_fields`` so that
re-imports never overwrite them.
"""

from functools import partial

from django.contrib import admin
from django.db.models import Count, Prefetch
from django.urls import path

from labsite.admin import (
    MEMBER,
    TenantAdmin,
    TenantTabularInline,
    file_url,
    image_thumbnail,
    register_lab_wide_member_link,
)
from labsite.permissions import scope_for
from publications import admin_settings  # noqa: F401 - registers the list settings' admin
from publications.admin_authors import AuthorshipInline, PublicationForm
from publications.admin_import import import_view, importable_labs, review_view
from publications.admin_inlines import publication_inlines
from publications.author_entry import replace_authors
from publications.imports import record_edited_fields
from publications.imports.rules import authored_publications
from publications.models import Authorship, Publication, PublicationLink, Tag

# A member may name any member of their lab as a co-author, and use the lab's tags.
register_lab_wide_member_link("publications.authorship.person")
register_lab_wide_member_link("publications.publication.tags")

class PublicationLinkInline(TenantTabularInline):
    model = PublicationLink
    fields = ["kind", "url", "label", "order"]
    ordering = ["order", "pk"]
    verbose_name = "link"


@admin.register(Publication)
class PublicationAdmin(TenantAdmin):
    form = PublicationForm
    has_member_access = True
    member_can_add = True
    member_can_delete = True
    member_scope_error = "You can only save papers you are an author of."

    list_display = [
        "thumbnail_image",
        "title",
        "author_names",
        "venue_short",
        "year",
        "kind",
        "selected",
        "position_in_year",
    ]
    # The order within a year, set on the list: number a year's papers in one save.
    list_editable = ["position_in_year"]
    list_display_links = ["thumbnail_image", "title"]
    list_filter = ["kind", "selected", "year", ("tags", admin.RelatedOnlyFieldListFilter)]
    search_fields = [
        "title",
        "venue",
        "venue_short",
        "doi",
        "arxiv_id",
        "authorships__name",
    ]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["tags"]
    readonly_fields = ["thumbnail_preview", "source", "edited_fields_list"]
    inlines = [AuthorshipInline, PublicationLinkInline]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "selected", "position_in_year", "tags"]}),
        (
            "Authors",
            {"fields": ["author_list"], "description": "Or edit them one by one below."},
        ),
        (
            "Venue",
            {
                "fields": [
                    "venue",
                    "venue_short",
                    ("year", "month"),
                    ("volume", "number", "pages"),
                    "publisher",
                ]
            },
        ),
        ("Identifiers", {"fields": ["doi", "arxiv_id"]}),
        ("Text", {"fields": ["abstract", "note"]}),
        ("Thumbnail", {"fields": ["thumbnail", "thumbnail_alt", "thumbnail_preview"]}),
        (
            "Citations, stars and import",
            {
                "fields": [
                    ("citation_count", "citations_read_on"),
                    "scholar_id",
                    ("code_stars", "code_stars_read_on"),
                    "authors_truncated",
                    "source",
                    "edited_fields_list",
                ],
                "classes": ["collapse"],
            },
        ),
    ]

    change_list_template = "admin/publications/publication/change_list.html"

    def get_inlines(self, request, obj):
        # Higher apps add theirs (awards: the paper's highlights), publications/admin_inlines.py.
        return [*super().get_inlines(request, obj), *publication_inlines()]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if self.level(request, obj) == MEMBER:
            form.required_person_ids = frozenset(scope_for(request).person_ids)
        return form

    def get_urls(self):
        # Before the model admin's own URLs: "<path:object_id>/" would match first.
        return [
            path("import/", self.admin_site.admin_view(partial(import_view, self)),
                 name="publications_publication_import"),
            path("review/", self.admin_site.admin_view(partial(review_view, self)),
                 name="publications_publication_review"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        scope = scope_for(request)
        extra_context = {
            **(extra_context or {}),
            "can_import": importable_labs(scope).exists(),
            "can_review": scope.is_superuser or bool(scope.lab_ids),
        }
        return super().changelist_view(request, extra_context)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "authorships",
                    queryset=Authorship.objects.order_by("position").only(
                        "pk", "publication_id", "position", "name"
                    ),
                )
            )
        )

    # --- Members ------------------------------------------------------------------------

    def member_queryset(self, request, queryset):
        return queryset.filter(pk__in=authored_publications(scope_for(request).person_ids))

    def member_may_save(self, request, instance):
        # Whether the member stays an author is checked on the author list (the formset).
        return True

    def member_may_delete(self, request, obj):
        others = obj.authorships.exclude(person__isnull=True).exclude(
            person_id__in=scope_for(request).person_ids
        )
        return not others.exists()

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if (
            isinstance(inline, AuthorshipInline)
            and request.method == "GET"
            and obj._state.adding
            and self.level(request, None) == MEMBER
        ):
            person = self._own_person(request)
            if person is not None:
                kwargs["initial"] = [
                    {"position": 1, "name": person.full_name, "person": person.pk}
                ]
        return kwargs

    def _own_person(self, request):
        scope = scope_for(request)
        lab = self.auto_lab(request)
        people = request.user.people.filter(pk__in=scope.person_ids)
        if lab is not None:
            people = people.filter(lab=lab)
        return people.first()

    # --- Saving -------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        # Imports never overwrite what was edited here; a changed title keeps the old
        # one's key, so its export still finds the paper.
        record_edited_fields(obj, form.changed_data)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        changed = {
            formset.prefix
            for formset in formsets
            if formset.new_objects or formset.changed_objects or formset.deleted_objects
        }
        if getattr(form, "pasted_authors", None):
            authors, truncated = form.pasted_authors
            replace_authors(publication=form.instance, authors=authors, truncated=truncated)
            changed.add("authorships")
        # "authorships" / "links": imports leave a hand-edited author or link list alone.
        before = set(form.instance.edited_fields or [])
        if set(record_edited_fields(form.instance, changed)) != before:
            Publication.objects.for_lab(form.instance.lab_id).filter(pk=form.instance.pk).update(
                edited_fields=form.instance.edited_fields
            )

    # --- Columns ------------------------------------------------------------------------

    @admin.display(description="")
    def thumbnail_image(self, obj):
        return image_thumbnail(file_url(obj.thumbnail), alt="", size=40)

    @admin.display(description="Thumbnail preview")
    def thumbnail_preview(self, obj):
        return image_thumbnail(file_url(obj.thumbnail), alt="", size=160)

    @admin.display(description="Authors")
    def author_names(self, obj):
        names = [authorship.name for authorship in obj.authorships.all()]
        return ", ".join(names[:4]) + (" et al." if len(names) > 4 else "")

    @admin.display(description="Imported from")
    def source(self, obj):
        if not obj.source_format and not obj.source_file:
            return "—"
        return " · ".join(
            part for part in [obj.get_source_format_display(), obj.source_file] if part
        )

    @admin.display(description="Edited by hand (kept on re-import)")
    def edited_fields_list(self, obj):
        return ", ".join(obj.edited_fields or []) or "—"


class TagUseFilter(admin.SimpleListFilter):
    title = "use"
    parameter_name = "used"

    def lookups(self, request, model_admin):
        return [("yes", "On publications"), ("no", "Unused")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(publication_count__gt=0)
        if self.value() == "no":
            return queryset.filter(publication_count=0)
        return queryset


@admin.register(Tag)
class TagAdmin(TenantAdmin):
    list_display = ["name", "slug", "publication_count"]
    list_filter = [TagUseFilter]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(publication_count=Count("publications"))

    @admin.display(description="Publications", ordering="publication_count")
    def publication_count(self, obj):
        return obj.publication_count
