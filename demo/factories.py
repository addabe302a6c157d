"""factory_boy factories for every lab-owned row: the one set of builders that the tests
(``tests/factories.py``), the demo (``loaddemo``) and the benchmark (``demo.synthetic``)
share.

Tenancy is the rule here as in the models: every tenant factory needs ``lab=`` (it raises
:class:`MissingLabError` without it, never invents a lab), related rows it makes itself
belong to that lab, and a related row of another lab passed in is refused by the models'
own check (``TenantModel.clean``) before anything is written.
"""

from __future__ import annotations

import datetime

import factory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from awards.models import Award
from labsite.models import Domain, Lab, Redirect, TenantModel
from labsite.sections import ORDER_STEP, LabSection
from labsite.services import add_default_lab_sections
from news.models import NewsItem
from people.models import CVEntry, Group, Person, PersonLink, PersonSection, ResearchInterest
from people.section_defaults import legacy_interests
from people.services import add_default_sections, add_interests, add_sections
from publications.models import (
    Authorship,
    Publication,
    PublicationLink,
    PublicationListSettings,
    Tag,
)


class MissingLabError(TypeError):
    """A tenant factory was called without ``lab=``."""


class CrossLabError(ValueError):
    """A tenant factory was given a related row of another lab."""


def _lab_required(factory_name: str = "This factory"):
    raise MissingLabError(
        f"{factory_name} needs lab=, the Lab the row belongs to (e.g. PersonFactory(lab=lab)): "
        "a tenant row is never given a lab of its own choosing."
    )


def same_lab(name: str = "lab"):
    """The lab of the row being built, for a related row the factory makes itself."""
    return factory.SelfAttribute(f"..{name}")


class _AllOrNothingFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True
        skip_postgeneration_save = True  # hooks save what they change themselves

    @classmethod
    def _generate(cls, strategy, params):
        if strategy != factory.CREATE_STRATEGY:
            return super()._generate(strategy, params)
        # A refused author, link or host leaves no half-built row behind.
        with transaction.atomic():
            return super()._generate(strategy, params)


class _LabOwnedFactory(_AllOrNothingFactory):
    lab = factory.LazyFunction(_lab_required)  # also when a SubFactory forgets to pass it

    class Meta:
        abstract = True

    @classmethod
    def _generate(cls, strategy, params):
        if params.get("lab") is None:  # absent, or lab=None
            _lab_required(cls.__name__)
        return super()._generate(strategy, params)


class TenantFactory(_LabOwnedFactory):
    """Base of the factories of ``TenantModel`` rows."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        instance = model_class(*args, **kwargs)
        try:
            TenantModel.clean(instance)  # the models' rule: related rows of the same lab
        except ValidationError as error:
            raise CrossLabError(f"{cls.__name__}: {error.message_dict}") from None
        instance.save(force_insert=True)
        return instance


# --- labsite ---------------------------------------------------------------------------------


class LabFactory(_AllOrNothingFactory):
    """A lab; ``hosts=[...]`` adds its domains, the first one primary. Its home page gets
    the sections a new lab has (``home_sections=[]``: none)."""

    slug = factory.Sequence(lambda n: f"lab-{n}")
    name = factory.Sequence(lambda n: f"Lab {n}")

    class Meta:
        model = Lab

    @factory.post_generation
    def hosts(lab, create, extracted, **kwargs):
        for index, host in enumerate(extracted or ()):
            DomainFactory(lab=lab, host=host, is_primary=index == 0)

    @factory.post_generation
    def home_sections(lab, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            add_default_lab_sections(lab=lab)
        else:
            for index, kind in enumerate(extracted, start=1):
                LabSection(lab=lab, kind=kind, order=index * ORDER_STEP).save()


class LabSectionFactory(TenantFactory):
    """A section of the lab home page (a custom one unless ``kind=`` says otherwise)."""

    kind = "custom"
    heading = factory.Sequence(lambda n: f"Section {n}")
    body = "Some **text**."
    order = factory.Sequence(lambda n: 100 + n)

    class Meta:
        model = LabSection


class DomainFactory(_LabOwnedFactory):
    host = factory.Sequence(lambda n: f"host-{n}.example.org")

    class Meta:
        model = Domain


class RedirectFactory(TenantFactory):
    """An old path of the lab's former site (on all its hosts unless ``host``)."""

    old_path = factory.Sequence(lambda n: f"/old-{n}.html")
    target = "/people/"

    class Meta:
        model = Redirect


# --- people ----------------------------------------------------------------------------------


class GroupFactory(TenantFactory):
    name = factory.Sequence(lambda n: f"Group {n}")

    class Meta:
        model = Group


class PersonFactory(TenantFactory):
    """A member. Their homepage gets a new member's sections; ``sections=`` gives the kinds
    instead (a list, or "a,b" as the former field read; ``[]``: none).
    ``research_interests=``: titles or (title, description) pairs, or lines of text."""

    full_name = factory.Sequence(lambda n: f"Person {n}")
    slug = factory.LazyAttributeSequence(
        lambda person, n: f"{person.full_name.lower().replace(' ', '-')}-{n}"
    )

    class Meta:
        model = Person

    @factory.post_generation
    def sections(person, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            add_default_sections(person=person)
        else:
            kinds = extracted.split(",") if isinstance(extracted, str) else extracted
            add_sections(person=person, kinds=[kind.strip() for kind in kinds if kind.strip()])

    @factory.post_generation
    def research_interests(person, create, extracted, **kwargs):
        if create and extracted:
            items = legacy_interests(extracted) if isinstance(extracted, str) else extracted
            add_interests(person=person, titles=items)


class PersonSectionFactory(TenantFactory):
    """A section of a member's homepage (a custom one unless ``kind=`` says otherwise)."""

    person = factory.SubFactory(PersonFactory, lab=same_lab())
    kind = "custom"
    heading = factory.Sequence(lambda n: f"Section {n}")
    body = "Some **text**."
    order = factory.Sequence(lambda n: 100 + n)

    class Meta:
        model = PersonSection


class ResearchInterestFactory(TenantFactory):
    person = factory.SubFactory(PersonFactory, lab=same_lab())
    title = factory.Sequence(lambda n: f"Interest {n}")

    class Meta:
        model = ResearchInterest


class PersonLinkFactory(TenantFactory):
    person = factory.SubFactory(PersonFactory, lab=same_lab())
    kind = PersonLink.Kind.GITHUB
    url = factory.Sequence(lambda n: f"https://github.com/member-{n}")

    class Meta:
        model = PersonLink


class CVEntryFactory(TenantFactory):
    person = factory.SubFactory(PersonFactory, lab=same_lab())
    kind = CVEntry.Kind.EDUCATION
    title = factory.Sequence(lambda n: f"Degree {n}")

    class Meta:
        model = CVEntry


# --- publications ----------------------------------------------------------------------------


class TagFactory(TenantFactory):
    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.LazyAttribute(lambda tag: slugify(tag.name)[:80])

    class Meta:
        model = Tag


class PublicationFactory(TenantFactory):
    """A paper. ``authors``: in order, each a name, ``(name, person)`` or
    ``(name, person, {"corresponding": True, ...})``; ``tags``: Tag rows or slugs (made in
    the lab when missing); ``links``: ``(kind, url)`` or ``(kind, url, label)``."""

    title = factory.Sequence(lambda n: f"A study of things number {n}")
    slug = factory.Sequence(lambda n: f"paper-{n}")
    year = 2024

    class Meta:
        model = Publication

    @factory.post_generation
    def authors(publication, create, extracted, **kwargs):
        for position, author in enumerate(extracted or (), start=1):
            name, person, marks = _author_parts(author)
            AuthorshipFactory(
                lab=publication.lab, publication=publication, position=position, name=name,
                person=person, **marks,
            )  # fmt: skip

    @factory.post_generation
    def tags(publication, create, extracted, **kwargs):
        for tag in extracted or ():
            if isinstance(tag, str):
                tag = Tag.objects.for_lab(publication.lab).filter(slug=tag).first() or (
                    TagFactory(lab=publication.lab, slug=tag, name=tag.title())
                )
            publication.tags.add(tag)

    @factory.post_generation
    def links(publication, create, extracted, **kwargs):
        for order, (kind, url, *label) in enumerate(extracted or ()):
            PublicationLinkFactory(
                lab=publication.lab, publication=publication, kind=kind, url=url,
                label=label[0] if label else "", order=order,
            )  # fmt: skip


def _author_parts(author) -> tuple[str, Person | None, dict]:
    if isinstance(author, str):
        return author, None, {}
    name, person, *marks = author
    return name, person, marks[0] if marks else {}


class AuthorshipFactory(TenantFactory):
    publication = factory.SubFactory(PublicationFactory, lab=same_lab())
    position = factory.LazyAttribute(lambda row: row.publication.authorships.count() + 1)
    name = factory.Sequence(lambda n: f"Author {n}")

    class Meta:
        model = Authorship


class PublicationLinkFactory(TenantFactory):
    publication = factory.SubFactory(PublicationFactory, lab=same_lab())
    kind = PublicationLink.Kind.PDF
    url = factory.Sequence(lambda n: f"https://example.org/papers/{n}.pdf")

    class Meta:
        model = PublicationLink


class PublicationListSettingsFactory(TenantFactory):
    """The lab's one row of publication list settings (defaults unless told otherwise)."""

    class Meta:
        model = PublicationListSettings


# --- awards and news -------------------------------------------------------------------------


class AwardFactory(TenantFactory):
    """An award; of a member of the same lab made here unless ``person`` or ``publication``
    is given (the model needs one of them)."""

    title = factory.Sequence(lambda n: f"Award {n}")
    year = 2024
    publication = None
    person = factory.Maybe(
        "publication",
        yes_declaration=None,
        no_declaration=factory.SubFactory(PersonFactory, lab=same_lab()),
    )

    class Meta:
        model = Award


class NewsItemFactory(TenantFactory):
    body = factory.Sequence(lambda n: f"News number {n}")
    slug = factory.Sequence(lambda n: f"news-{n}")
    date = datetime.date(2025, 1, 1)

    class Meta:
        model = NewsItem
