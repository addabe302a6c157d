import pytest

from labsite.models import Domain
from tests.factories import make_news, make_person, make_publication
from tests.production.live import app_env, manage
from tests.publishing.s3server import s3_bucket, s3_endpoint, s3_target  # noqa: F401 - fixtures


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """Collected once for the app processes these tests start (the files do not depend on
    the data)."""
    root = tmp_path_factory.mktemp("static")
    var_dir = tmp_path_factory.mktemp("collect")
    manage(app_env(var_dir, f"sqlite:///{var_dir / 'unused.sqlite3'}", STATIC_ROOT=str(root)),
           "collectstatic", "--noinput")
    return str(root)


@pytest.fixture
def publish_root(settings, tmp_path):
    settings.LABSITE_PUBLISH_ROOT = str(tmp_path / "published")
    return tmp_path / "published"


@pytest.fixture
def lab_a_content(lab_a):
    """Lab A with a member on their own domain, a paper, a news item."""
    ada = make_person(lab=lab_a, full_name="Ada Moreau", slug="ada")
    make_publication(
        lab=lab_a, title="Sparse Attention for Alpha Workloads", slug="sparse-alpha",
        authors=[("Ada Moreau", ada), "Bo Chen"],
    )
    make_news(lab=lab_a, title="Alpha wins a prize", slug="alpha-prize")
    Domain.objects.create(lab=lab_a, host="ada.example.net", person=ada)
    return ada
