"""Admin login throttling (labsite/throttle.py): guessing slows down, the real user gets in.

Scheme under test: a (username, address) pair gets 5 free failures, then a wait that
doubles with each further failure; a username failing from many addresses, or an address
failing for many usernames, leaves each of its pairs only one free failure. A correct
password from a pair that has not failed always gets in.
"""

import datetime
import subprocess
import sys
import textwrap
import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client, RequestFactory

from labsite import throttle
from labsite.models import LoginFailure
from tests.admin.conftest import client_for
from tests.production.live import BASE_DIR, app_env

pytestmark = pytest.mark.django_db

PASSWORD = "a long and good password 42"
THROTTLED = "Too many failed login attempts"
WRONG = "Please enter the correct username and password"
ATTACKER = "198.51.100.66"
USER_HOME = "192.0.2.10"


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def alice(db):
    return get_user_model().objects.create_user("alice", password=PASSWORD, is_staff=True)


@pytest.fixture
def clock(monkeypatch):
    """The throttle's clock, moved on by ``clock.advance(seconds)``."""

    class Clock:
        current = throttle.now()

        def advance(self, seconds):
            self.current += datetime.timedelta(seconds=seconds)

    clock = Clock()
    monkeypatch.setattr(throttle, "now", lambda: clock.current)
    return clock


def login(username, password, ip=ATTACKER, **headers):
    client = Client(HTTP_HOST="a.example.org", REMOTE_ADDR=ip, **headers)
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password})


def logged_in(response):
    return response.status_code == 302 and response["Location"] == "/admin/"


def throttled(response):
    return THROTTLED in response.content.decode()


# --- One username from one address -----------------------------------------------------------


def test_five_failures_pause_the_pair_even_with_the_right_password(alice):
    for _ in range(4):
        assert WRONG in login("alice", "wrong").content.decode()
    assert not throttled(login("alice", "wrong"))  # the 5th still gets an answer
    response = login("alice", PASSWORD)
    assert not logged_in(response)
    assert throttled(response)
    assert "try again in 1 minute(s)" in response.content.decode()


def test_username_case_and_spaces_do_not_reset_the_pair(alice):
    for variant in ["alice", "ALICE", "Alice", " alice", "ａｌｉｃｅ"]:
        login(variant, "wrong")
    assert throttled(login("alice", PASSWORD))


def test_the_wait_doubles_with_each_further_failure_and_then_ends(alice, clock):
    for _ in range(5):
        login("alice", "wrong")
    assert throttled(login("alice", PASSWORD))
    clock.advance(61)
    assert WRONG in login("alice", "wrong").content.decode()  # one guess, then a longer wait
    clock.advance(61)
    assert throttled(login("alice", PASSWORD))
    clock.advance(60)
    assert logged_in(login("alice", PASSWORD))


def test_the_wait_is_capped(alice, clock, settings):
    settings.LABSITE_LOGIN_LOCKOUT_MAX_SECONDS = 300
    for _ in range(12):
        login("alice", "wrong")
        clock.advance(301)
    login("alice", "wrong")
    assert throttle.login_wait_seconds(_request(ATTACKER), "alice") == 300


def _request(ip):
    return RequestFactory().post("/admin/login/", REMOTE_ADDR=ip)


def test_a_successful_login_forgives_earlier_typos(alice):
    for _ in range(4):
        login("alice", "wrong")
    assert logged_in(login("alice", PASSWORD))
    for _ in range(4):
        login("alice", "wrong")
    assert logged_in(login("alice", PASSWORD))


def failures(scope, username, ip) -> int:
    key = throttle._keys(_request(ip), username)[0][scope]
    row = LoginFailure.objects.filter(scope=scope, key=key).first()
    return row.failures if row else 0


def test_a_success_forgives_its_pairs_failures_everywhere(alice):
    for _ in range(2):
        login("alice", "wrong", ip=USER_HOME)
    login("someone", "wrong", ip=USER_HOME)
    for _ in range(3):
        login("alice", "wrong", ip=ATTACKER)
    assert logged_in(login("alice", PASSWORD, ip=USER_HOME))
    assert failures("pair", "alice", USER_HOME) == 0
    assert failures("username", "alice", USER_HOME) == 3  # the attacker's remain
    assert failures("address", "alice", USER_HOME) == 1  # someone's remains
    assert failures("pair", "alice", ATTACKER) == 3


def test_failures_are_forgotten_after_the_window(alice, clock):
    for _ in range(4):
        login("alice", "wrong")
    clock.advance(24 * 3600 + 1)
    login("alice", "wrong")  # counts as the first again
    assert logged_in(login("alice", PASSWORD))


# --- The attacks of the hardening issue --------------------------------------------------------


def test_case_variants_do_not_lock_the_real_user_out(alice):
    for _ in range(3):
        for variant in ["alice", "ALICE", "Alice", "aLiCe", " alice "]:
            login(variant, "wrong", ip=ATTACKER)
    # The attacker's own address is paused for that username (it cannot be told apart
    # from the real user there)...
    assert throttled(login("alice", PASSWORD, ip=ATTACKER))
    # ...while the real user gets in from any other address, at once.
    assert logged_in(login("alice", PASSWORD, ip=USER_HOME))


def test_case_variants_repeated_every_cooldown_do_not_lock_the_real_user_out(alice, clock):
    for _round in range(6):
        for variant in ["alice", "ALICE", "Alice", "aLiCe", " alice "]:
            login(variant, "wrong", ip=ATTACKER)
        clock.advance(throttle.login_wait_seconds(_request(ATTACKER), "alice") + 1)
    # Each round after the first got one guess, and the waits grew (1, 2, 4, 8, 16 minutes,
    # then the hour's cap): 11 guesses in about two hours, then one an hour.
    assert LoginFailure.objects.get(scope="pair").failures == 10
    login("alice", "wrong", ip=ATTACKER)
    assert throttle.login_wait_seconds(_request(ATTACKER), "alice") == 3600
    assert logged_in(login("alice", PASSWORD, ip=USER_HOME))


def test_twenty_random_usernames_from_one_address_do_not_block_a_real_user(alice):
    for n in range(25):
        login(f"random-{n}-user", "wrong", ip=ATTACKER)
    # Same address (a shared proxy or NAT), a user whose pair has not failed: gets in.
    assert logged_in(login("alice", PASSWORD, ip=ATTACKER))


def test_behind_a_shared_proxy_address_one_users_attacker_does_not_lock_out_others(alice):
    bob = get_user_model().objects.create_user("bob", password=PASSWORD, is_staff=True)
    proxy = "10.0.0.1"  # LABSITE_TRUSTED_PROXY_COUNT=0 behind nginx: everyone is the proxy
    for n in range(30):
        login("alice" if n % 2 else f"guess{n}", "wrong", ip=proxy)
    assert logged_in(login(bob.username, PASSWORD, ip=proxy))
    assert logged_in(login("alice", PASSWORD, ip=USER_HOME))


def test_an_address_failing_for_many_usernames_gets_one_free_failure_per_username(alice, clock):
    for n in range(20):
        login(f"someone{n}", "wrong", ip=ATTACKER)
    # Past the address cap, each further username is paused after its first failure.
    assert WRONG in login("victim", "wrong", ip=ATTACKER).content.decode()
    assert throttled(login("victim", "wrong", ip=ATTACKER))
    # A username that failed before the cap gets one more guess, then waits.
    assert WRONG in login("someone3", "wrong", ip=ATTACKER).content.decode()
    assert throttled(login("someone3", "wrong", ip=ATTACKER))
    clock.advance(61)
    assert WRONG in login("victim", "wrong", ip=ATTACKER).content.decode()


def test_a_username_failing_from_many_addresses_slows_down_but_is_never_locked(alice, clock):
    for n in range(10):
        login("alice", "wrong", ip=f"198.51.100.{n}")
    # Now every address gets one free failure for alice, then a wait...
    assert WRONG in login("alice", "wrong", ip="203.0.113.1").content.decode()
    assert throttled(login("alice", PASSWORD, ip="203.0.113.1"))
    # ...but a fresh address with the right password still gets in.
    assert logged_in(login("alice", PASSWORD, ip=USER_HOME))


# --- A browser that logged in before ---------------------------------------------------------


def device_cookie_of(username, ip):
    client = Client(HTTP_HOST="a.example.org", REMOTE_ADDR=ip)
    response = client.post("/admin/login/", {"username": username, "password": PASSWORD})
    assert logged_in(response)
    cookie = response.cookies[throttle.DEVICE_COOKIE]
    assert cookie["httponly"] and cookie["path"] == "/admin/"
    return cookie.value


def login_from_device(cookie, username, password, ip=ATTACKER):
    client = Client(HTTP_HOST="a.example.org", REMOTE_ADDR=ip)
    client.cookies[throttle.DEVICE_COOKIE] = cookie
    return client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}
    )


def test_the_users_own_browser_gets_in_from_the_address_an_attacker_hammers(alice):
    proxy = "10.0.0.1"  # the user and the attacker both behind it
    cookie = device_cookie_of("alice", proxy)
    for variant in ["alice", "ALICE", "Alice", "aLiCe", " alice "] * 6:
        login(variant, "wrong", ip=proxy)
    assert throttled(login("alice", PASSWORD, ip=proxy))
    assert logged_in(login_from_device(cookie, "alice", PASSWORD, ip=proxy))


def test_a_device_cookie_helps_only_its_own_username(alice):
    get_user_model().objects.create_user("mallory", password=PASSWORD, is_staff=True)
    attackers_cookie = device_cookie_of("mallory", ATTACKER)
    for _ in range(5):
        login_from_device(attackers_cookie, "alice", "wrong")
    assert throttled(login_from_device(attackers_cookie, "alice", PASSWORD))
    assert throttled(login_from_device(attackers_cookie[:-2] + "xx", "alice", PASSWORD))
    assert logged_in(login("alice", PASSWORD, ip=USER_HOME))


def test_a_device_has_its_own_five_failures(alice):
    cookie = device_cookie_of("alice", USER_HOME)
    for _ in range(5):
        assert WRONG in login_from_device(cookie, "alice", "wrong").content.decode()
    assert throttled(login_from_device(cookie, "alice", PASSWORD))
    assert logged_in(login("alice", PASSWORD, ip=USER_HOME))  # the address pair is clean


# --- Which address ---------------------------------------------------------------------------


def test_a_spoofed_forwarded_for_header_does_not_reset_the_pair(alice):
    for n in range(5):
        login("alice", "wrong", ip=ATTACKER, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    response = login("alice", PASSWORD, ip=ATTACKER, HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert throttled(response)


def test_a_trusted_proxy_reports_the_client_address(alice, settings):
    settings.LABSITE_TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.1"
    for n in range(5):
        # The client may prepend anything; the proxy appends the address it saw.
        login("alice", "wrong", ip=proxy, HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 203.0.113.9")
    assert throttled(
        login("alice", PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.9")
    )
    # Another client behind the same proxy is not affected.
    assert logged_in(login("alice", PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR="203.0.113.10"))


def test_ipv6_clients_are_counted_per_network(alice):
    for n in range(5):
        login("alice", "wrong", ip=f"2001:db8:1:2::{n + 1}")
    assert throttled(login("alice", PASSWORD, ip="2001:db8:1:2::ffff"))
    assert logged_in(login("alice", PASSWORD, ip="2001:db8:1:3::1"))


# --- The store ----------------------------------------------------------------------------------


def test_no_username_or_address_is_stored_in_clear(alice):
    login("alice", "wrong", ip=ATTACKER)
    rows = list(LoginFailure.objects.values_list("scope", "key", "failures"))
    assert sorted(scope for scope, _, _ in rows) == ["address", "pair", "username"]
    for _scope, key, _failures in rows:
        assert len(key) == 64 and int(key, 16)  # a SHA-256, nothing readable


def test_forgotten_counts_are_pruned(alice, clock):
    login("old-guess", "wrong", ip="198.51.100.1")
    clock.advance(2 * 24 * 3600)
    login("alice", "wrong", ip=ATTACKER)
    assert LoginFailure.objects.count() == 3  # only the fresh pair, username and address
    assert set(LoginFailure.objects.values_list("failures", flat=True)) == {1}


def test_no_admin_page_shows_the_counts(world):
    # Platform-wide rows, not a lab's: no lab admin (nor anyone) browses them in admin.
    for role in ["superuser", "admin_a", "editor_a", "member_a", "admin_b"]:
        for model in ["loginfailure", "forwardedforsighting"]:
            response = client_for(world, role).get(f"/admin/labsite/{model}/")
            assert response.status_code == 404


SUBPROCESS_LOGIN = """
import django
django.setup()
from django.conf import settings
from django.test import Client
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
client = Client(HTTP_HOST="a.example.org", REMOTE_ADDR={ip!r})
for _ in range({failures}):
    client.post("/admin/login/", {{"username": "ALICE", "password": "wrong"}})
credentials = {{"username": "alice", "password": {password!r}}}
response = client.post("/admin/login/?next=/admin/", credentials)
page = response.content.decode()
if response.status_code == 302:
    print("logged-in")
elif "Too many failed login attempts" in page:
    print("paused")
else:
    print("wrong" if "Please enter the correct" in page else f"error {{response.status_code}}")
"""


def database_url_of_this_test() -> str:
    """This test's database, for another process (sees only committed rows)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    # tests/with-postgres.sh's socket folder and port end up in OPTIONS.
    host = db["HOST"] or db["OPTIONS"].get("host", "")
    port = db["PORT"] or db["OPTIONS"].get("port", "")
    return f"postgres://{db['USER']}@/{db['NAME']}?host={host}&port={port}"


def other_process(code: str, tmp_path) -> str:
    """Run ``code`` in a separate Python process on this test's database."""
    env = app_env(
        tmp_path / "var",
        database_url_of_this_test(),
        ALLOWED_HOSTS="a.example.org",
        STATIC_MANIFEST="0",
    )
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


@pytest.mark.django_db(transaction=True)
def test_counts_are_shared_between_processes(alice, tmp_path):
    # Three failures here and two in another process (another gunicorn worker) are five:
    # the other process's sixth attempt is paused, and so is this one's.
    for _ in range(3):
        login("alice", "wrong", ip=ATTACKER)
    code = SUBPROCESS_LOGIN.format(ip=ATTACKER, failures=2, password="wrong")
    assert other_process(code, tmp_path) == "paused"
    assert throttled(login("alice", PASSWORD, ip=ATTACKER))
    # The other process sees this process's pause, and a fresh address gets in there too.
    code = SUBPROCESS_LOGIN.format(ip=ATTACKER, failures=0, password=PASSWORD)
    assert other_process(code, tmp_path) == "paused"
    code = SUBPROCESS_LOGIN.format(ip=USER_HOME, failures=0, password=PASSWORD)
    assert other_process(code, tmp_path) == "logged-in"


CONCURRENT_ATTEMPTS = """
import time
import django
django.setup()
from django.test import RequestFactory
from labsite.throttle import start_login_attempt
time.sleep(max(0, {start} - time.time()))  # all workers start together
request = RequestFactory().post("/admin/login/", REMOTE_ADDR="198.51.100.66")
checked = 0
for _ in range(20):
    attempt = start_login_attempt(request, "alice")
    if not attempt.refused_for:
        checked += 1
        attempt.failed()
print(checked)
"""


@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_let_exactly_five_guesses_through(tmp_path):
    env = app_env(tmp_path / "var", database_url_of_this_test())
    code = CONCURRENT_ATTEMPTS.format(start=time.time() + 4)
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", code],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    checked = 0
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        checked += int(out.strip().splitlines()[-1])
    assert checked == 5  # not five per worker
    counts = dict(LoginFailure.objects.values_list("scope", "failures"))
    assert counts == {"pair": 5, "username": 5, "address": 5}


@pytest.mark.django_db(transaction=True)
def test_a_first_attempt_waits_for_a_pause_another_worker_is_committing():
    # Another worker paused this pair in a transaction that has not committed yet, and the
    # pair had no row before it: this attempt must wait for that row and see the pause,
    # not pass a check on a row that did not exist and then count a sixth guess.
    request = RequestFactory().post("/admin/login/", REMOTE_ADDR=ATTACKER)
    pair_key = throttle._keys(request, "alice")[0][LoginFailure.Scope.PAIR]
    created, release = threading.Event(), threading.Event()

    def other_worker():
        with transaction.atomic():
            LoginFailure.objects.create(
                scope=LoginFailure.Scope.PAIR,
                key=pair_key,
                failures=5,
                last_failure=throttle.now(),
                blocked_until=throttle.now() + datetime.timedelta(minutes=1),
            )
            created.set()
            release.wait(10)
        connection.close()

    worker = threading.Thread(target=other_worker)
    worker.start()
    assert created.wait(10)
    threading.Timer(1.0, release.set).start()  # commits while this attempt waits
    attempt = throttle.start_login_attempt(request, "alice")
    worker.join(10)
    assert attempt.refused_for > 0
    assert LoginFailure.objects.get(scope="pair", key=pair_key).failures == 5
