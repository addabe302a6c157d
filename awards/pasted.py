"""An award from a line of a pasted list ("- *2023.06* Outstanding Graduates, Shaanxi."):
the target "Honours and awards" of people/pasting.py. The line's date keeps its precision:
an award dated "2023.06" has no day, one with no date has no year (undated)."""

from awards.models import Award
from labsite.dates import DatePrecision
from labsite.links import is_web_url
from people.pasted_lists import first_link, highlighted_title


def award_from_pasted(person, item, position: int) -> Award:
    link = first_link(item.text)
    date, precision = item.date, item.precision
    known = date is not None and precision != DatePrecision.NONE
    return Award(
        lab_id=person.lab_id,
        person=person,
        title=highlighted_title(item.text),
        kind=Award.Kind.HONOUR,
        year=date.year if known else None,
        month=date.month
        if known and precision in (DatePrecision.MONTH, DatePrecision.DAY)
        else None,
        day=date.day if known and precision == DatePrecision.DAY else None,
        order=position,
        link=link if is_web_url(link) else "",
    )
