"""News in a lab archive (labsite/archiving.py)."""

from labsite.archiving import register
from news.models import NewsItem

register(NewsItem, key="slug")
