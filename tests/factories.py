"""The tests' short names for :mod:`demo.factories`, the one set of builders that the
tests, the demo and the benchmark share. Tenant factories require ``lab=`` on purpose."""

from demo.factories import (
    AwardFactory,
    CVEntryFactory,
    DomainFactory,
    GroupFactory,
    LabFactory,
    LabSectionFactory,
    NewsItemFactory,
    PersonFactory,
    PersonLinkFactory,
    PersonSectionFactory,
    PublicationFactory,
    PublicationLinkFactory,
    PublicationListSettingsFactory,
    RedirectFactory,
    ResearchInterestFactory,
    TagFactory,
)

make_lab = LabFactory  # hosts=[...]: its domains, the first one primary
make_domain = DomainFactory
make_group = GroupFactory
make_person = PersonFactory
make_person_link = PersonLinkFactory
make_person_section = PersonSectionFactory  # kind= (default "custom"), heading=, body=
make_lab_section = LabSectionFactory
make_interest = ResearchInterestFactory
make_cv_entry = CVEntryFactory
make_tag = TagFactory
make_publication = PublicationFactory  # authors=, tags=, links=: see PublicationFactory
make_publication_link = PublicationLinkFactory
make_publication_list_settings = PublicationListSettingsFactory  # one per lab
make_news = NewsItemFactory
make_award = AwardFactory
make_redirect = RedirectFactory
