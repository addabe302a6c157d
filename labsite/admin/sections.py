"""Admin inlines of composed pages (labsite/sections.py): the lab home's sections on the lab,
and the base that ``people`` uses for a member's homepage sections."""

from django.core.exceptions import ValidationError

from labsite.admin.forms import TenantInlineFormSet, TenantModelForm
from labsite.admin.inlines import TenantStackedInline
from labsite.sections import SECTIONS_PER_PAGE_MAX, LabSection, assign_anchors

OPTION_FIELDS = [
    "publication_filter",
    ("filter_tag", "filter_kind", "filter_year"),
    "display_style",
    ("title_link", "author_format", "venue_display"),
    ("show_highlights", "show_citations", "bold_authors"),
    ("show_metric_links", "show_citation_total"),
    "include_paper_highlights",
    "entry_order",
]


class SectionForm(TenantModelForm):
    def clean_anchor(self):
        # An empty anchor is made from the kind when the page is saved (formset clean):
        # None, so that two new sections with empty anchors are not "duplicates" yet.
        return self.cleaned_data.get("anchor") or None


class SectionFormSet(TenantInlineFormSet):
    """A page's sections saved together: at most SECTIONS_PER_PAGE_MAX; anchors left empty
    are made from the kind, avoiding the ones given and each other."""


    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if not (self.can_delete and self._should_delete_form(form))
        ]
        if len(kept) > SECTIONS_PER_PAGE_MAX:
            raise ValidationError(
                f"A page has at most {SECTIONS_PER_PAGE_MAX} sections; this one would have "
                f"{len(kept)}. Delete or merge some."
            )
        # Two given anchors alike were refused by the formset's unique check above.
        assign_anchors(form.instance for form in kept)


class SectionInline(TenantStackedInline):
    """Order, kind, heading, anchor, visibility and body; display options collapsed."""

    form = SectionForm
    formset = SectionFormSet
    markdown_fields = ("body",)
    ordering = ["order", "pk"]
    max_num = SECTIONS_PER_PAGE_MAX
    fieldsets = [
        (None, {"fields": [("order", "kind", "visible"), ("heading", "anchor"), "body"]}),
        (
            "Display options (about, publications and awards sections)",
            {"fields": OPTION_FIELDS, "classes": ["collapse"]},
        ),
    ]


class LabSectionFormSet(SectionFormSet):
    @classmethod
    def get_default_prefix(cls):
        return "home_sections"  # the lab FK has no related name to make one from


class LabSectionInline(SectionInline):
    model = LabSection
    formset = LabSectionFormSet
    verbose_name = "home page section"
    verbose_name_plural = "Home page sections (in order; empty ones are not shown)"
