"""Small factories for tests. Tenant factories require ``lab=`` on purpose."""

import datetime
import itertools

from labsite.models import Domain, Lab

_counter = itertools.count(1)


def make_lab(*, slug=None, name=None, hosts=(), **fields) -> Lab:
    n = next(_counter)
    lab = Lab.objects.create(slug=slug or f"lab-{n}", name=name or f"Lab {n}", **fields)
    for index, host in enumerate(hosts):
        Domain.objects.create(lab=lab, host=host, is_primary=index == 0)
    return lab


def make_group(*, lab, name=None, **fields):
    from people.models import Group

    return Group.objects.create(lab=lab, name=name or f"Group {next(_counter)}", **fields)


def make_person(*, lab, full_name=None, slug=None, **fields):
    from people.models import Person

    n = next(_counter)
    full_name = full_name or f"Person {n}"
    slug = slug or f"{full_name.lower().replace(' ', '-')}-{n}"
    return Person.objects.create(lab=lab, full_name=full_name, slug=slug, **fields)


def make_publication(*, lab, title=None, authors=(), slug=None, **fields):
    """``authors``: names, or (name, person) pairs, in order."""
    from publications.models import Authorship, Publication

    n = next(_counter)
    title = title or f"A study of things number {n}"
    fields.setdefault("year", 2024)
    publication = Publication.objects.create(
        lab=lab, title=title, slug=slug or f"paper-{n}", **fields
    )
    for position, author in enumerate(authors, start=1):
        name, person = author if isinstance(author, tuple) else (author, None)
        Authorship.objects.create(
            lab=lab, publication=publication, position=position, name=name, person=person
        )
    return publication


def make_news(*, lab, body=None, slug=None, **fields):
    from news.models import NewsItem

    n = next(_counter)
    fields.setdefault("date", datetime.date(2025, 1, 1))
    return NewsItem.objects.create(
        lab=lab, body=body or f"News number {n}", slug=slug or f"news-{n}", **fields
    )


def make_award(*, lab, title=None, **fields):
    from awards.models import Award

    fields.setdefault("year", 2024)
    return Award.objects.create(lab=lab, title=title or f"Award {next(_counter)}", **fields)
