"""A news item from a line of a pasted list ("- *2025.09*: 🎉🎉 Two papers accepted …"):
the target "News" of people/pasting.py. The text stays markdown (links and emoji)."""

from django.core.exceptions import ValidationError

from news.models import NewsItem


def news_item_from_pasted(person, item, position: int) -> NewsItem:
    if item.date is None and not hasattr(NewsItem, "date_precision"):
        raise ValidationError("A news item needs a date: start the line with one, e.g. 2025.09.")
    news_item = NewsItem(
        lab_id=person.lab_id,
        person=person,
        body=item.text,
        status=NewsItem.Status.PUBLISHED,
    )
    if item.date is not None:
        news_item.date = item.date
    if hasattr(news_item, "date_precision"):  # labsite/dates.py, once it is there
        news_item.date_precision = item.precision
    return news_item
