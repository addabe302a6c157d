"""The team page and members' homepages of one lab, for its /sitemap.xml (labsite.sitemaps)."""

from labsite.sitemaps import LabSitemap
from people.models import Person


class TeamSitemap(LabSitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return ["/people/"]

    def location(self, item):
        return item


class HomepageSitemap(LabSitemap):
    changefreq = "monthly"
    priority = 0.7

    def items(self):
        # Alumni keep their homepage; members who switched theirs off have none.
        return (
            Person.objects.for_lab(self.lab)
            .with_homepage()
            .order_by("order", "full_name", "pk")
            .only("slug", "updated")
        )

    def location(self, item):
        return item.get_absolute_url()

    def lastmod(self, item):
        return item.updated


SITEMAPS = {"people": TeamSitemap, "homepages": HomepageSitemap}
