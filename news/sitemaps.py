"""Published news of one lab for its /sitemap.xml (wired per lab in labsite)."""

from django.contrib.sitemaps import Sitemap

from news.models import NewsItem


class NewsSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def __init__(self, lab):
        self.lab = lab

    def items(self):
        # Short untitled items live whole on /news/; their own pages are too thin to index.
        return (
            NewsItem.objects.for_lab(self.lab)
            .published()
            .with_detail_page()
            .newest_first()
            .only("slug", "updated", "date")
        )

    def location(self, item):
        return item.get_absolute_url()

    def lastmod(self, item):
        return item.updated
