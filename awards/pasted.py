"""An award from a line of a pasted list ("- *2023.06* Outstanding Graduates, Shaanxi."):
the target "Honours and awards" of people/pasting.py."""

from django.core.exceptions import ValidationError

from awards.models import Award
from labsite.links import is_web_url
from people.pasted_lists import Precision, first_link, plain_text


def award_from_pasted(person, item, position: int) -> Award:
    if item.date is None and not hasattr(Award, "date_precision"):
        raise ValidationError("An award needs at least its year: start the line with one.")
    link = first_link(item.text)
    award = Award(
        lab_id=person.lab_id,
        person=person,
        title=plain_text(item.text),
        kind=Award.Kind.HONOUR,
        year=item.date.year if item.date else None,
        month=item.date.month if item.precision in (Precision.MONTH, Precision.DAY) else None,
        link=link if is_web_url(link) else "",
    )
    if hasattr(award, "date_precision"):  # labsite/dates.py, once it is there
        award.date_precision = item.precision
    return award
