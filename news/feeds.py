"""Atom feeds: the lab's news at /news/feed/, one member's at /people/<slug>/feed/.

Links are absolute on the host the feed was asked for (``RequestSite``, since
``django.contrib.sites`` is not installed); entry ids are tag URIs built from the item's
primary key, so they survive slug and host changes.
"""

import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from labsite.cache import cached_page
from labsite.models import normalise_host
from news.models import NewsItem
from people.models import Person

FEED_ITEMS = 50


class StableAtom1Feed(Atom1Feed):
    """An empty feed's ``<updated>`` is when its subject last changed, not the time of the
    request, so the same content is the same bytes (published files, publishing/)."""

    def latest_post_date(self):
        dated = any(item.get("updateddate") or item.get("pubdate") for item in self.items)
        if not dated and self.feed.get("subject_updated"):
            return self.feed["subject_updated"]
        return super().latest_post_date()


class LabNewsFeed(Feed):
    feed_type = StableAtom1Feed

    @classmethod
    def as_view(cls):
        """A fresh feed per request: the instance keeps the request's lab and host."""

        def view(request, *args, **kwargs):
            return cls()(request, *args, **kwargs)

        return cached_page()(view)

    def get_object(self, request, *args, **kwargs):
        if request.lab is None:
            raise Http404("No lab is served on this host.")
        self.lab = request.lab
        # Tag URIs need a stable authority: the lab's primary host, else this one.
        self.authority = request.lab.primary_domain or normalise_host(request.get_host())
        return request.lab

    def published(self):
        return NewsItem.objects.for_lab(self.lab).published().select_related("person")

    def items(self, lab):
        return self.published().newest_first()[:FEED_ITEMS]

    def feed_extra_kwargs(self, obj):
        return {"subject_updated": obj.updated}

    def feed_guid(self, lab):
        return f"tag:{self.authority},{lab.created:%Y-%m-%d}:news"

    def title(self, lab):
        return f"{lab.name}: news"

    def subtitle(self, lab):
        return lab.tagline or None

    def link(self, lab):
        return "/news/"

    def author_name(self, lab):
        return lab.name

    def item_title(self, item):
        return item.display_title

    def item_description(self, item):
        # Sanitised on save (labsite.markdown); Atom carries it escaped, as type="html".
        return item.body_html

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return f"tag:{self.authority},{item.created:%Y-%m-%d}:news/{item.pk}"

    def item_guid_is_permalink(self, item):
        return False

    def item_pubdate(self, item):
        return timezone.make_aware(
            datetime.datetime.combine(item.date, datetime.time.min),
            timezone.get_default_timezone(),
        )

    def item_updateddate(self, item):
        return max(item.updated, self.item_pubdate(item))

    def item_author_name(self, item):
        return item.person.full_name if item.person_id else self.lab.name


class PersonNewsFeed(LabNewsFeed):
    """One member's news: their items, and lab items about a paper they author."""

    def get_object(self, request, slug):
        lab = super().get_object(request)
        return get_object_or_404(Person.objects.for_lab(lab), slug=slug, homepage_enabled=True)

    def items(self, person):
        return self.published().about_person(person).newest_first()[:FEED_ITEMS]

    def feed_guid(self, person):
        return f"tag:{self.authority},{person.created:%Y-%m-%d}:people/{person.pk}/news"

    def title(self, person):
        return f"{person.full_name}: news"

    def subtitle(self, person):
        return person.position or None

    def link(self, person):
        return person.homepage_url or "/news/"

    def author_name(self, person):
        return person.full_name
