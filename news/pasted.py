"""A news item from a line of a pasted list ("- *2025.09*: 🎉🎉 Two papers accepted …"):
the target "News" of people/pasting.py. The text stays markdown (links and emoji); the date
keeps its precision, and an undated line becomes an undated item in the pasted order."""

from labsite.dates import DatePrecision
from news.models import NewsItem


def news_item_from_pasted(person, item, position: int) -> NewsItem:
    news_item = NewsItem(
        lab_id=person.lab_id,
        person=person,
        body=item.text,
        status=NewsItem.Status.PUBLISHED,
        order=position,
    )
    if item.date is not None:
        news_item.date = item.date
        news_item.date_precision = item.precision
    else:
        news_item.date_precision = DatePrecision.NONE  # listed by today's date, shown undated
    return news_item
