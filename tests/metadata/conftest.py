import pytest
from pytest_httpserver import HTTPServer


@pytest.fixture
def replay_server():
    """A threaded loopback server (pytest-httpserver): concurrent requests really overlap."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


@pytest.fixture
def openalex(settings, replay_server):
    """Settings pointing OpenAlex at the replay server, with short waits for tests."""
    settings.LABSITE_OPENALEX_URL = replay_server.url_for("").rstrip("/")
    settings.LABSITE_METADATA_TIMEOUT = 2
    settings.LABSITE_METADATA_RETRIES = 2
    settings.LABSITE_METADATA_MAX_BACKOFF = 2
    settings.LABSITE_METADATA_MAILTO = "webmaster@example.org"
    settings.LABSITE_METADATA_CONCURRENCY = 4
    return replay_server


@pytest.fixture
def openalex_server(openalex):
    return openalex


@pytest.fixture
def sources(openalex, settings):
    """Every source pointed at the one replay server (paths differ), calls barely spaced."""
    url = openalex.url_for("").rstrip("/")
    settings.LABSITE_CROSSREF_URL = url + "/crossref"
    settings.LABSITE_SEMANTICSCHOLAR_URL = url + "/s2"
    settings.LABSITE_ARXIV_URL = url + "/arxiv"
    settings.LABSITE_SEMANTICSCHOLAR_API_KEY = ""
    settings.LABSITE_METADATA_MIN_INTERVALS = {"semanticscholar": 0.01, "arxiv": 0.01}
    return openalex


@pytest.fixture
def count_bumps(monkeypatch):
    """``count_bumps(module)``: the lab ids ``module.bump_lab`` is called with (still bumping)."""

    def watch(module) -> list[int]:
        calls, real = [], module.bump_lab

        def counting(lab_id):
            calls.append(lab_id)
            real(lab_id)

        monkeypatch.setattr(module, "bump_lab", counting)
        return calls

    return watch
