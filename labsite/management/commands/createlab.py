from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from labsite.services import create_lab


class Command(BaseCommand):
    help = "Create a lab (a tenant) served on one or more domains."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="Short name, e.g. infini-ai")
        parser.add_argument("--name", required=True, help="The lab's full name")
        parser.add_argument(
            "--domain",
            action="append",
            default=[],
            dest="domains",
            metavar="HOST",
            help="Host name that serves the lab; repeat for several (the first is primary).",
        )

    def handle(self, *args, slug, name, domains, **options):
        try:
            lab = create_lab(slug=slug, name=name, domains=domains)
        except ValidationError as error:
            raise CommandError(" ".join(_messages(error))) from None
        hosts = ", ".join(domains) or "no domain yet"
        self.stdout.write(self.style.SUCCESS(f'Created lab "{lab.name}" ({lab.slug}) on {hosts}.'))


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "message_dict"):
        return [f"{field}: {msg}" for field, msgs in error.message_dict.items() for msg in msgs]
    return list(error.messages)
