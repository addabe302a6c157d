"""Publications of a lab, their ordered authors and links."""

from urllib.parse import quote

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.db.models.expressions import RawSQL

from labsite.images import ImageRecipe, ProcessedImageField, lab_media_dir
from labsite.models import TenantModel, TenantQuerySet
from labsite.slug_urls import slug_url
from publications.choices import ImportFormat, LinkKind, PublicationKind
from publications.importers.normalize import title_key


class Tag(TenantModel):
    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["lab", "slug"], name="tag_slug_unique_per_lab"),
        ]

    def __str__(self):
        return self.name


def authored_by(person) -> RawSQL:
    """The ids of the papers ``person`` authors, as a sub-query for ``…__in`` filters.

    A homepage filters by it three times (its papers, news and awards). The ORM compiled
    it anew each time, at more cost than the rest of those filters; it is always this SQL,
    spelled from the model's own table and columns. It is not scoped by lab: every caller
    filters rows of its own ``for_lab`` QuerySet with it, so whatever ids it returns, no
    other lab's row gets through.
    """
    quote = connection.ops.quote_name
    meta = Authorship._meta
    table, paper, author = (
        quote(meta.db_table),
        quote(meta.get_field("publication").column),
        quote(meta.get_field("person").column),
    )
    person_id = person.pk if isinstance(person, models.Model) else person
    # Identifiers from _meta, quoted; the id is a parameter.
    sql = f"SELECT {paper} FROM {table} WHERE {author} = %s"  # noqa: S608
    return RawSQL(sql, (person_id,))  # noqa: S611


class PublicationQuerySet(TenantQuerySet):
    def selected(self):
        return self.filter(selected=True)

    def by_person(self, person):
        # A subquery, not a join: no duplicates and no DISTINCT, so ordering stays free. IN,
        # not a correlated EXISTS: SQLite then reads the member's authorships by their index
        # instead of probing every paper of the lab (a homepage's costliest query: 3x faster
        # at 1,000 papers); PostgreSQL plans both as the same semi-join.
        return self.filter(pk__in=authored_by(person))

    def with_tag(self, tag):
        return self.filter(
            models.Exists(
                Publication.tags.through.objects.filter(publication=models.OuterRef("pk"), tag=tag)
            )
        )

    def search(self, text: str):
        """Every word of ``text`` in the title, an author's name or the venue (any case)."""
        queryset = self
        for word in text.split():
            author_match = Authorship.objects.filter(
                publication=models.OuterRef("pk"), name__icontains=word
            )
            queryset = queryset.filter(
                models.Q(title__icontains=word)
                | models.Q(venue__icontains=word)
                | models.Q(venue_short__icontains=word)
                | models.Exists(author_match)
            )
        return queryset

    def filtered(self, *, year=None, kind="", person=None, tag=None, q=""):
        """The public list's filters; each one is optional and they combine (AND)."""
        queryset = self
        if year is not None:
            queryset = queryset.filter(year=year)
        if kind:
            queryset = queryset.filter(kind=kind)
        if person is not None:
            queryset = queryset.by_person(person)
        if tag is not None:
            queryset = queryset.with_tag(tag)
        if q:
            queryset = queryset.search(q)
        return queryset

    def in_list_order(self):
        return self.order_by(*Publication._meta.ordering, "pk")


THUMBNAIL_MAX_SIDE = 800
THUMBNAIL_RECIPE = ImageRecipe(max_side=THUMBNAIL_MAX_SIDE)


def thumbnail_directory(publication) -> str:
    return lab_media_dir(publication.lab.slug, "publications")


def thumbnail_stem(publication) -> str:
    return publication.slug or "paper"


def publication_thumbnail_upload_to(publication, filename: str) -> str:
    """Where an upload that skipped re-encoding would go: still the lab's own folder."""
    return f"{thumbnail_directory(publication)}/{filename}"


class Publication(TenantModel):
    Kind = PublicationKind

    title = models.CharField(max_length=500)
    # Looked up through the (lab, slug) unique constraint's index: no index of its own.
    slug = models.SlugField(
        max_length=120, db_index=False, help_text="Used in the URL: /publications/<slug>/."
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CONFERENCE)
    venue = models.CharField(
        max_length=300, blank=True, help_text='Full name, e.g. "Advances in Neural Information '
        'Processing Systems".'
    )
    venue_short = models.CharField(
        "venue badge",
        max_length=100,
        blank=True,
        help_text='Short label, e.g. "NeurIPS 2024" or "ICML 2024 Workshop on Efficient '
        'Systems for Foundation Models"; at most 100 characters.',
    )
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1000), MaxValueValidator(2200)],
        help_text="Leave empty when unknown.",
    )
    month = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    volume = models.CharField(max_length=50, blank=True)
    number = models.CharField(max_length=50, blank=True)
    pages = models.CharField(max_length=50, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    doi = models.CharField(
        "DOI", max_length=200, blank=True, help_text="e.g. 10.1145/2806777.2806778"
    )
    arxiv_id = models.CharField("arXiv id", max_length=40, blank=True, help_text="e.g. 2309.17453")
    # Not unique: imports merge by it, as by DOI and arXiv id (publications/imports/keys.py).
    scholar_id = models.CharField(
        "Google Scholar id", max_length=100, blank=True,
        help_text="Google Scholar's id of this paper (the `citation_for_view` id, e.g. "
        "`DhtAFkwAAAAJ:ALROH1vI_8AC`)",
    )
    abstract = models.TextField(blank=True)
    note = models.CharField(
        max_length=300, blank=True,
        help_text='Shown after the venue in every list, e.g. "CCF-A" or "Covered by …".',
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="publications")
    selected = models.BooleanField(
        default=False, help_text="Show among selected publications on homepages and the lab home."
    )
    # Re-encoded by the field on save into the lab's own media folder (labsite/images.py).
    thumbnail = ProcessedImageField(
        upload_to=publication_thumbnail_upload_to,
        recipe=THUMBNAIL_RECIPE,
        directory=thumbnail_directory,
        stem=thumbnail_stem,
        blank=True,
        help_text="A figure or teaser image: JPEG, PNG or WebP, up to 10 MB.",
    )
    thumbnail_alt = models.CharField(
        "thumbnail description", max_length=300, blank=True,
        help_text="What it shows, for readers who cannot see it; empty if it only decorates.",
    )
    position_in_year = models.PositiveSmallIntegerField(
        "position in its year", null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(30000)],
        help_text="1 = first among the papers of its year; empty = after the numbered ones.",
    )
    code_stars = models.PositiveIntegerField("code repository stars", null=True, blank=True)
    code_stars_read_on = models.DateField(null=True, blank=True, help_text="When they were read.")
    citation_count = models.PositiveIntegerField(null=True, blank=True)
    citations_read_on = models.DateField(
        null=True, blank=True, help_text="When the citation count was read."
    )
    authors_truncated = models.BooleanField(
        default=False, help_text='The source cut the author list ("and others").'
    )
    # Where the record came from, so that re-imports update instead of duplicating.
    source_file = models.CharField(max_length=255, blank=True, editable=False)
    source_format = models.CharField(
        max_length=20, choices=ImportFormat.choices, blank=True, editable=False
    )
    source_key = models.CharField(max_length=255, blank=True, editable=False)
    # Case-folded title without TeX or punctuation: the de-duplication key.
    # Indexed together with the lab (Meta.indexes), which is how imports look it up.
    title_key = models.CharField(max_length=500, blank=True, editable=False)
    # Fields a person changed in admin; imports never overwrite them.
    edited_fields = models.JSONField(default=list, blank=True, editable=False)
    # Title keys this paper was also known by (a merged duplicate, the title before an
    # edit in admin), so that re-importing those records matches it.
    alias_title_keys = models.JSONField(default=list, blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        ordering = [
            models.F("year").desc(nulls_last=True),
            models.F("position_in_year").asc(nulls_last=True),
            models.F("month").desc(nulls_last=True),
            "title",
        ]
        constraints = [
            models.UniqueConstraint(fields=["lab", "slug"], name="publication_slug_unique_per_lab"),
        ]
        indexes = [
            models.Index(fields=["lab", "year"]),
            models.Index(fields=["lab", "doi"]),
            models.Index(fields=["lab", "arxiv_id"]),
            models.Index(fields=["lab", "scholar_id"]),
            models.Index(fields=["lab", "title_key"]),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title_key = title_key(self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("publications:detail", self.slug)  # sitemaps ask for thousands

    @property
    def doi_url(self) -> str:
        return doi_url(self.doi)

    @property
    def arxiv_url(self) -> str:
        return arxiv_url(self.arxiv_id)


def doi_url(doi: str) -> str:
    return f"https://doi.org/{quote(doi.strip(), safe='/:;()')}" if doi.strip() else ""


def arxiv_url(arxiv_id: str) -> str:
    return f"https://arxiv.org/abs/{quote(arxiv_id.strip(), safe='/.')}" if arxiv_id.strip() else ""


class Authorship(TenantModel):
    # Indexed on its own although (publication, position) is unique: SQLite's planner
    # then picks it over the person index for "papers of this member" (EXISTS per paper).
    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="authorships"
    )
    position = models.PositiveSmallIntegerField(
        blank=True, help_text="1 for the first author; empty: after the others."
    )
    name = models.CharField(max_length=200, help_text="The name as printed on the paper.")
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="authorships",
        help_text="The lab member this author is, if any.",
    )
    equal_contribution = models.BooleanField(
        default=False, help_text="Co-first / equal contribution (shown as *)."
    )
    corresponding = models.BooleanField(default=False, help_text="Corresponding author (†).")

    class Meta:
        ordering = ["publication", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "position"], name="authorship_position_unique"
            ),
        ]
        indexes = [
            # A list reads a lab's authors paper by paper in order: without a sort.
            models.Index(fields=["lab", "publication", "position"], name="authorship_lab_order"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.position is None:  # typed by hand: after the paper's other authors
            others = Authorship.objects.for_lab(self.lab_id).filter(publication=self.publication_id)
            self.position = (others.aggregate(last=models.Max("position"))["last"] or 0) + 1
        super().save(*args, **kwargs)


class PublicationLink(TenantModel):
    Kind = LinkKind

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PDF)
    url = models.URLField(max_length=500)
    label = models.CharField(max_length=60, blank=True, help_text="Shown instead of the kind.")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "kind", "url"], name="publicationlink_unique_url"
            ),
        ]

    def __str__(self):
        return self.display_label

    @property
    def display_label(self) -> str:
        return self.label or self.get_kind_display()


# --- Imports (publications/imports/) -------------------------------------------------


class PossibleDuplicateQuerySet(TenantQuerySet):
    def unresolved(self):
        return self.filter(resolved=False)


class PossibleDuplicate(TenantModel):
    """Two papers an import found nearly identical (title and first author): a person
    decides in admin whether to merge them; imports never merge these silently."""

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="possible_duplicates"
    )
    other = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=300)
    resolved = models.BooleanField(
        default=False, help_text="Someone decided: merged, or not the same paper."
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = PossibleDuplicateQuerySet.as_manager()

    class Meta:
        ordering = ["resolved", "-created", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "other"], name="possibleduplicate_unique_pair"
            ),
            models.CheckConstraint(
                condition=~models.Q(publication=models.F("other")),
                name="possibleduplicate_two_papers",
            ),
        ]

    def __str__(self):
        return f"{self.publication} ~ {self.other}"


class ImportUpload(TenantModel):
    """An uploaded export kept between the admin preview and its confirmation.

    Stored in the database (not on disk or in the cache) so that any app process can
    confirm it; rows older than a day are deleted by the next upload.
    """

    batch = models.UUIDField(db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    format = models.CharField(max_length=20, default="auto")
    filename = models.CharField(max_length=255)
    data = models.BinaryField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["batch", "pk"]

    def __str__(self):
        return self.filename


# The lab list's settings live in their own module (models.py stays small).
from publications.list_settings_model import PublicationListSettings  # noqa: E402, F401
