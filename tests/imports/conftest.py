import pytest


@pytest.fixture
def beidi(lab_a):
    from tests.factories import make_person

    return make_person(lab=lab_a, full_name="Beidi Chen", slug="beidi", name_variants="B Chen")
