"""Admin pages around imports: upload → preview → confirm, and the review list.

Reached from the publication list ("Import publications", "Review imports"); the URLs
are added by ``PublicationAdmin.get_urls``. Who may do what:

- lab admins and editors import into their labs, for any member or for nobody;
- a member imports their own export only: it is always "theirs", entries that do not
  list them are skipped (``person_must_author``), and entries that match a paper they do
  not author are listed, not applied (``publications.imports.rules``);
- reviewing possible duplicates and unlinked names is for admins and editors; a member
  sees and merges (or keeps apart) only the pairs of which they author both papers.

Uploads are kept in ``ImportUpload`` rows between the preview and the confirmation, so
any app server can confirm, within limits per uploader and per lab
(``publications.imports.uploads``); the confirmation plans again and writes only if the
plan is exactly the one previewed (``ImportPlan.fingerprint``). The preview's entries and
the review's lists are paginated; other pages of a preview are planned again from the
stored upload.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode

from labsite.models import Lab
from labsite.permissions import acting_lab, scope_for
from labsite.scoping import across_labs
from people.models import Person
from publications.choices import ImportFormat
from publications.imports import (
    MAX_IMPORT_BYTES,
    ImportFailed,
    ImportFile,
    ambiguous_authors,
    apply_import,
    dismiss_possible_duplicate,
    link_authorship,
    merge_possible_duplicate,
    plan_import,
)
from publications.imports.rules import authored_publications, authors_all
from publications.imports.summary import summarise
from publications.imports.uploads import (
    UploadQuotaExceeded,
    batch_uploads,
    discard_batch,
    store_uploads,
)
from publications.models import Authorship, ImportUpload, PossibleDuplicate, Publication

MAX_FILES = 20
# Rows per page of the preview's entries and of the review's lists: a 2,000-entry import
# made one 273 MB page.
PAGE_SIZE = 100
_ACCEPT = ".bib,.bibtex,.csv,.ris,.enw,.json,.txt"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": _ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files if item]


def importable_labs(scope):
    """Labs the user may import into: as admin/editor, or as a member of them."""
    if scope.is_superuser:
        return Lab.objects.order_by("name")
    return Lab.objects.filter(pk__in=scope.lab_ids).order_by("name")


class ImportForm(forms.Form):
    lab = forms.ModelChoiceField(queryset=Lab.objects.none(), empty_label=None)
    files = MultipleFileField(
        label="Export files",
        help_text=(
            "From Google Scholar (your profile → Export: BibTeX, CSV, RefMan or EndNote), "
            "a .bib file, or AcadHomepage's gs_data.json. Several files at once are fine; "
            f"each up to {MAX_IMPORT_BYTES // (1024 * 1024)} MB."
        ),
    )
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        required=False,
        label="Whose export is this?",
        help_text="The member whose profile the files come from: they are linked as an "
        "author even when their name is spelled differently. Leave empty for a lab file.",
    )
    format = forms.ChoiceField(
        choices=[("auto", "Recognise from the content"), *ImportFormat.choices],
        initial="auto",
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope_for(request)
        labs = importable_labs(self.scope)
        self.fields["lab"].queryset = labs
        lab = acting_lab(request, None if self.scope.is_superuser else self.scope.lab_ids)
        if lab is not None:
            self.fields["lab"].initial = lab.pk
        if labs.count() == 1:
            self.fields["lab"].widget = forms.HiddenInput()
        people = Person.objects.select_related("lab").order_by("full_name")
        if self.scope.is_superuser:
            people = across_labs(people, "a platform superuser imports for any lab's member")
        else:
            people = people.for_labs(self.scope.edited_lab_ids) | people.for_labs(
                self.scope.member_lab_ids
            ).filter(pk__in=self.scope.person_ids)
        self.fields["person"].queryset = people
        if not (self.scope.is_superuser or self.scope.edited_lab_ids):
            # A member's import is always their own: shown, not chosen (posted values ignored).
            person = self.fields["person"]
            person.disabled = True
            person.initial = people.filter(pk__in=self.scope.person_ids).first()
            person.help_text = "Your own export: entries that do not list you are skipped."

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > MAX_FILES:
            raise ValidationError(f"At most {MAX_FILES} files at once, please.")
        for upload in files:
            if upload.size > MAX_IMPORT_BYTES:
                raise ValidationError(
                    f"{upload.name} is {upload.size / (1024 * 1024):.1f} MB; files up to "
                    f"{MAX_IMPORT_BYTES / (1024 * 1024):.0f} MB can be imported (split the "
                    "export)."
                )
        return files

    def clean(self):
        cleaned = super().clean()
        lab, person = cleaned.get("lab"), cleaned.get("person")
        if lab is None:
            return cleaned
        if person is not None and person.lab_id != lab.pk:
            self.add_error("person", f"{person} is not a member of {lab}.")
        if not self.scope.edits(lab.pk):
            # A member imports their own export, and only papers they are an author of.
            own = Person.objects.for_lab(lab).filter(pk__in=self.scope.person_ids).first()
            if own is None:
                raise ValidationError(f"You cannot import into {lab}.")
            cleaned["person"] = own
        return cleaned


def plan_uploads(lab, uploads, *, person, as_member):
    """The plan of a preview batch (``ImportUpload`` rows); a member's under their rule."""
    files = [ImportFile(name=row.filename, data=bytes(row.data), format=row.format)
             for row in uploads]
    return plan_import(lab=lab, files=files, person=person, person_must_author=as_member)


def import_view(model_admin, request):
    """Upload (GET/POST "preview") and confirm (POST "confirm")."""
    scope = scope_for(request)
    if not importable_labs(scope).exists():
        raise PermissionDenied
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm(model_admin, request, scope)
    if request.method == "POST" and "discard" in request.POST:
        if discard_batch(batch=request.POST.get("batch"), user=request.user,
                         labs=importable_labs(scope)):
            messages.info(request, "The preview and its uploaded files were deleted.")
        return HttpResponseRedirect(request.path)
    if request.method == "GET" and "batch" in request.GET:
        return _preview_page(model_admin, request, scope)
    form = ImportForm(request.POST or None, request.FILES or None, request=request)
    if request.method == "POST" and form.is_valid():
        lab, person = form.cleaned_data["lab"], form.cleaned_data["person"]
        try:
            uploads = store_uploads(lab=lab, user=request.user, person=person,
                                    format=form.cleaned_data["format"],
                                    files=form.cleaned_data["files"])
        except UploadQuotaExceeded as exc:
            form.add_error(None, str(exc))
        else:
            plan = plan_uploads(lab, uploads, person=person, as_member=not scope.edits(lab.pk))
            return _render_preview(model_admin, request, lab, person, uploads, plan)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Import publications",
        "form": form,
        "max_megabytes": MAX_IMPORT_BYTES // (1024 * 1024),
    }
    return TemplateResponse(request, "admin/publications/publication/import_form.html", context)


def _render_preview(model_admin, request, lab, person, uploads, plan, *, changed=False):
    page, fingerprint = _page(request, plan.items), plan.fingerprint()
    batch = uploads[0].batch if uploads else ""
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Check the import",
        "lab": lab,
        "person": person,
        "plan": plan,
        "counts": plan.counts,
        "summary": summarise(plan),
        "page": page,
        "page_links": _page_links(page, "page", {"batch": batch, "fingerprint": fingerprint}),
        "batch": batch,
        "fingerprint": fingerprint,
        "changed_since_preview": changed,
    }
    return TemplateResponse(request, "admin/publications/publication/import_preview.html",
                            context)


def _page(request, rows):
    """The requested page of ``rows`` (?page=; a bad or too large number: the nearest)."""
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def _page_links(page, param: str, query: dict) -> list[tuple]:
    """(number, href) for a page's navigation: href empty for this page and for "…"."""
    links = []
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1):
        if number in (page.number, page.paginator.ELLIPSIS):
            links.append((number, ""))
        else:
            links.append((number, "?" + urlencode({**query, param: number})))
    return links


def _batch_uploads(request, scope, value) -> list[ImportUpload]:
    """The uploader's own waiting batch, in a lab they may still import into; else 404."""
    uploads = batch_uploads(batch=value, user=request.user, labs=importable_labs(scope))
    if not uploads:
        raise Http404("This upload is gone (uploads are kept for a day); upload it again.")
    return uploads


def _preview_page(model_admin, request, scope):
    """Another page of a preview: planned again from the stored upload; the fingerprint
    in the page links says whether the plan changed since the first page."""
    uploads = _batch_uploads(request, scope, request.GET["batch"])
    lab, person = uploads[0].lab, uploads[0].person
    plan = plan_uploads(lab, uploads, person=person, as_member=not scope.edits(lab.pk))
    changed = plan.fingerprint() != request.GET.get("fingerprint")
    return _render_preview(model_admin, request, lab, person, uploads, plan, changed=changed)


def _confirm(model_admin, request, scope):
    uploads = _batch_uploads(request, scope, request.POST.get("batch", ""))
    batch = uploads[0].batch
    lab, person = uploads[0].lab, uploads[0].person
    as_member = not scope.edits(lab.pk)
    plan = plan_uploads(lab, uploads, person=person, as_member=as_member)
    if plan.fingerprint() != request.POST.get("fingerprint"):
        return _render_preview(model_admin, request, lab, person, uploads, plan, changed=True)
    try:
        report = apply_import(lab=lab, plan=plan)
    except ImportFailed as exc:
        messages.error(request, str(exc))
        return _render_preview(model_admin, request, lab, person, uploads, plan)
    ImportUpload.objects.for_lab(lab).filter(batch=batch).delete()
    counts = report.counts
    not_yours = (f"{counts['not_yours']} not applied (papers you do not author), "
                 if counts["not_yours"] else "")
    messages.success(
        request,
        f"Imported into {lab}: {counts['created']} new, {counts['updated']} updated, "
        f"{counts['merged']} merged, {counts['duplicates']} already there, {not_yours}"
        f"{counts['errors']} with errors.",
    )
    if (report.possible_duplicates or report.ambiguous_authors) and scope.edits(lab.pk):
        messages.info(request, "Some papers and names need a decision: see below.")
        return HttpResponseRedirect(reverse("admin:publications_publication_review")
                                    + f"?lab={lab.pk}")
    return HttpResponseRedirect(reverse("admin:publications_publication_changelist"))


# --- Review --------------------------------------------------------------------------------


def _review_lab(request, scope):
    """The lab under review: ?lab= (or the POSTed one), the host's, or the only one."""
    labs = Lab.objects.all() if scope.is_superuser else Lab.objects.filter(
        pk__in=scope.lab_ids)
    wanted = request.POST.get("lab") or request.GET.get("lab")
    if wanted:
        if not str(wanted).isdigit():
            raise Http404("No such lab.")
        return get_object_or_404(labs, pk=wanted), labs
    lab = acting_lab(request, None if scope.is_superuser else scope.lab_ids)
    if lab is not None:
        return lab, labs
    first = labs.order_by("name").first()
    if first is None:
        raise PermissionDenied
    return first, labs


def review_view(model_admin, request):
    """Possible duplicates to merge or keep apart; names that fit several members."""
    scope = scope_for(request)
    if not (scope.is_superuser or scope.lab_ids):
        raise PermissionDenied
    lab, labs = _review_lab(request, scope)
    as_member = not scope.edits(lab.pk)
    if request.method == "POST":
        _review_action(request, lab, scope)
        back = f"?lab={lab.pk}"
        for name in ("page", "names_page"):  # stay on the page the decision was made on
            if str(request.POST.get(name, "")).isdigit():
                back += f"&{name}={request.POST[name]}"
        return HttpResponseRedirect(request.path + back)
    duplicates = (
        PossibleDuplicate.objects.for_lab(lab).unresolved()
        .select_related("publication", "other").order_by("-created", "pk")
    )
    if as_member:
        # Only pairs of two papers of theirs: merging changes and deletes both.
        authored = authored_publications(scope.person_ids, lab=lab)
        duplicates = duplicates.filter(publication__in=authored, other__in=authored)
    page = _page(request, duplicates)
    names_page = Paginator([] if as_member else ambiguous_authors(lab=lab), PAGE_SIZE).get_page(
        request.GET.get("names_page"))
    # Each list's links keep the other list's page.
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": f"Review imports · {lab}",
        "lab": lab,
        "labs": labs.order_by("name") if labs.count() > 1 else None,
        "duplicates": page,
        "page_links": _page_links(page, "page", {"lab": lab.pk, "names_page": names_page.number}),
        "ambiguous": names_page,
        "names_page_links": _page_links(names_page, "names_page",
                                        {"lab": lab.pk, "page": page.number}),
    }
    return TemplateResponse(request, "admin/publications/publication/review.html", context)


def _review_action(request, lab, scope) -> None:
    action = request.POST.get("action")
    as_member = not scope.edits(lab.pk)
    try:
        with transaction.atomic():
            if action in ("merge", "dismiss"):
                duplicate = _get_or_404(PossibleDuplicate.objects.for_lab(lab).unresolved(),
                                        request.POST.get("duplicate"))
                if as_member and not authors_all(
                    scope.person_ids, [duplicate.publication_id, duplicate.other_id], lab=lab
                ):
                    raise PermissionDenied(
                        "You can merge only two papers you both author; ask a lab editor."
                    )
                if action == "dismiss":
                    dismiss_possible_duplicate(duplicate=duplicate)
                    messages.success(request, "Kept both papers; this pair is not asked again.")
                    return
                keep = _get_or_404(Publication.objects.for_lab(lab), request.POST.get("keep"))
                kept = merge_possible_duplicate(duplicate=duplicate, keep=keep)
                messages.success(request, f"Merged into “{kept.title}”.")
            elif action == "link":
                if as_member:
                    raise PermissionDenied("Linking names to members is for lab editors.")
                authorship = _get_or_404(Authorship.objects.for_lab(lab),
                                         request.POST.get("authorship"))
                person = _get_or_404(Person.objects.for_lab(lab), request.POST.get("person"))
                link_authorship(authorship=authorship, person=person)
                messages.success(request, f"“{authorship.name}” is now {person}.")
            else:
                raise Http404("Unknown action.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except ValueError as exc:
        messages.error(request, str(exc))


def _get_or_404(queryset, pk):
    if not pk or not str(pk).isdigit():
        raise Http404("Not found.")
    return get_object_or_404(queryset, pk=pk)
