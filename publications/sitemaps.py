"""The publication list and every paper's page of one lab, for its /sitemap.xml
(labsite.sitemaps)."""

from labsite.sitemaps import LabSitemap
from publications.models import Publication


class PublicationListSitemap(LabSitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return ["/publications/"]

    def location(self, item):
        return item


class PublicationSitemap(LabSitemap):
    changefreq = "yearly"
    priority = 0.6

    def items(self):
        return Publication.objects.for_lab(self.lab).in_list_order().only("slug", "updated")

    def location(self, item):
        return item.get_absolute_url()

    def lastmod(self, item):
        return item.updated


SITEMAPS = {"publications": PublicationListSitemap, "papers": PublicationSitemap}
