"""Fixtures shared by the whole suite: entities, users per role, API clients, demo data."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import hypothesis
import pytest
from django.test import Client

from midora.core.choices import Role
from midora.core.models import LegalEntity
from tests.factories import make_entity, make_user

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Property tests judge results, not speed: the machine running them may be loaded (CI, xdist).
hypothesis.settings.register_profile(
    "midora", deadline=None, suppress_health_check=[hypothesis.HealthCheck.too_slow]
)
hypothesis.settings.load_profile("midora")


# Sharing the run between test workers (`make test` runs `pytest -n 2 --dist loadgroup`).


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every file's tests go to one worker, so a module's fixtures (a demo loaded once) are built
    once, unless the file is marked `spread` (independent long tests: each goes to whichever
    worker is free)."""
    for item in items:
        if not item.get_closest_marker("spread"):
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::", 1)[0]))


def _database_tier(item: pytest.Item) -> int:
    """pytest-django's (and Django's) order: tests in a rolled-back transaction, then tests that
    commit (they empty the database, data migrations included, when they end), then the rest."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", [])
    if (marker and marker.kwargs.get("transaction")) or {"transactional_db", "live_server"} & set(
        fixtures
    ):
        return 1
    return 0 if marker or "db" in fixtures else 2


def _weight(item: pytest.Item) -> int:
    """Within a tier, which files are handed out first: slow ones, then browser ones."""
    if item.get_closest_marker("slow"):
        return 0
    return 1 if "tests/browser/" in item.nodeid else 2


class LongestFirst:
    """The longest files first, so that no worker is left running one long file alone while the
    other idles; the database tiers keep pytest-django's order. Runs after every other plugin's
    ordering (pytest-django sorts by tier only)."""

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        items.sort(key=lambda item: (_database_tier(item), _weight(item)))


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(LongestFirst(), "midora-longest-first")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """Test databases are created from the models (Django's `TEST["MIGRATE"] = False`): replaying
    the migrations renders every model state again for each operation, half a minute per test
    worker. The migrations themselves are tested in tests/core/test_migrations.py (`midora init`
    builds the schema of the models) and tests/test_layout.py (`makemigrations --check`).

    Test databases on PostgreSQL commit without waiting for the write-ahead log to reach the
    disk: a test database is thrown away, and the suite commits tens of thousands of times."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    database.setdefault("TEST", {})["MIGRATE"] = False
    if database["ENGINE"].endswith("postgresql"):
        database.setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """The test database built from the models is given what the migrations would have left:
    every migration recorded as applied (backup, restore and `midora init` then find the schema
    current, as on an installation) and the data they ship, the competent-authority profiles
    (core 0002, run as the migration runs it)."""
    import importlib

    from django.apps import apps
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.recorder import MigrationRecorder

    data_migration = importlib.import_module("midora.core.migrations.0002_authority_profiles")
    with django_db_blocker.unblock():
        recorder = MigrationRecorder(connection)
        recorder.ensure_schema()
        applied = set(recorder.applied_migrations())
        for key in sorted(MigrationLoader(connection, ignore_no_migrations=True).graph.nodes):
            if key not in applied:
                recorder.record_applied(*key)
        data_migration.forwards(apps, None)


@pytest.fixture(scope="session", autouse=True)
def _flush_filled_tables_only() -> Any:
    """A test that commits is cleaned up by deleting the rows it left (tests/database_flush.py)
    instead of truncating every table."""
    from tests.database_flush import flush_filled_tables_only

    with flush_filled_tables_only():
        yield


@pytest.fixture(autouse=True)
def _installation_language() -> Any:
    """Each test starts in the installation's language, and a page read in German or French
    (the locale middleware activates the reader's language in the test's thread) does not leak
    into the tests after it."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def _no_alert_check_known() -> None:
    """A test's database starts without queued tasks: no process may remember an alert check
    waiting in a queue that an earlier test emptied."""
    from midora.notifications.signals import forget_waiting_check

    forget_waiting_check()


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hasher() -> Any:
    """A fast hasher for the whole run, module-scoped demo loads included: tests create many
    users; production keeps Django's PBKDF2 default."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _test_settings(settings: Any, tmp_path: Any) -> None:
    settings.MIDORA_EVIDENCE_DIR = tmp_path / "evidence"
    # tests sign administrators in without a second factor; tests/core/test_second_factor.py and
    # tests/browser/test_second_factor.py turn the shipped default (administrators) back on
    settings.MIDORA_OTP_REQUIRED_ROLES = []


@pytest.fixture
def entity(db: Any) -> LegalEntity:
    return make_entity("Alpha CASP SAS", "FR")


@pytest.fixture
def other_entity(db: Any) -> LegalEntity:
    return make_entity("Beta CASP GmbH", "DE")


@pytest.fixture
def user_factory(db: Any) -> Callable[..., Any]:
    return make_user


@pytest.fixture
def admin_user(db: Any) -> Any:
    return make_user("admin", Role.ADMINISTRATOR)


@pytest.fixture
def compliance_user(entity: LegalEntity) -> Any:
    return make_user("compliance", Role.COMPLIANCE_MANAGER, [entity])


@pytest.fixture
def client_for() -> Callable[[Any], Client]:
    """A web client signed in as the given user."""

    def build(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return build


@pytest.fixture
def api_for(db: Any) -> Callable[[Any], Client]:
    """An API client that authenticates with a fresh personal token of the given user."""
    from midora.core.accounts import issue_token

    def build(user: Any) -> Client:
        _token, raw = issue_token(user, "tests")
        return Client(headers={"Authorization": f"Bearer {raw}"})

    return build
