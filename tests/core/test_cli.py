"""The `midora` command: help, demo determinism and scaling, users and tokens, serve guard."""

import pytest

from midora.cli import main as midora
from midora.core.models import BusinessFunction, LegalEntity, ServiceOffering

pytestmark = pytest.mark.django_db


def test_help_lists_every_verb(capsys):
    with pytest.raises(SystemExit):
        midora(["--help"])
    out = capsys.readouterr().out
    for verb in ["init", "serve", "demo", "createuser", "token", "audit", "backup", "restore"]:
        assert verb in out


def _fingerprint():
    return (
        sorted(LegalEntity.objects.values_list("lei", "name", "country", "mica_status")),
        sorted(ServiceOffering.objects.values_list("entity__lei", "service", "status")),
        sorted(
            BusinessFunction.objects.values_list(
                "identifier", "criticality", "last_assessed", "rto_hours"
            )
        ),
    )


@pytest.mark.slow
def test_demo_is_deterministic_refuses_to_overwrite_and_scales(capsys, monkeypatch):
    """One test for three properties of `midora demo`, so the demo is loaded three times, not
    four: a seed gives the same group twice, records there are kept without --reset, and
    --scale 2 adds to what scale 1 loads."""
    monkeypatch.setenv("MIDORA_DEMO_PASSWORD", "demo-password-1")
    assert midora(["demo", "--seed", "7"]) == 0
    out = capsys.readouterr().out
    assert "admin / demo-password-1" in out
    first = _fingerprint()
    assert midora(["demo", "--seed", "7"]) == 2
    assert "--reset" in capsys.readouterr().err
    assert midora(["demo", "--seed", "7", "--reset"]) == 0
    assert _fingerprint() == first
    from midora.core.validators import validate_lei

    for lei in LegalEntity.objects.values_list("lei", flat=True):
        validate_lei(lei)
    assert LegalEntity.objects.filter(mica_status="authorised").count() >= 2

    base = BusinessFunction.objects.count(), LegalEntity.objects.count()
    assert midora(["demo", "--seed", "7", "--reset", "--scale", "2"]) == 0
    assert LegalEntity.objects.count() == base[1] + 1
    assert BusinessFunction.objects.count() > base[0]


def test_createuser_and_tokens(entity, capsys, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-enough-password\n"))
    assert (
        midora(
            ["createuser", "dora", "--role", "auditor", "--entity", entity.lei, "--password-stdin"]
        )
        == 0
    )
    assert midora(["token", "create", "dora", "--name", "siem"]) == 0
    raw = capsys.readouterr().out.strip().splitlines()[-1]
    assert raw.startswith("mdr_")
    from django.test import Client

    api = Client(headers={"Authorization": f"Bearer {raw}"})
    assert api.get("/api/entities/").json()["count"] == 1
    assert midora(["createuser", "dora", "--role", "auditor", "--password-stdin"]) == 2
    assert "already exists" in capsys.readouterr().err


def test_serve_refuses_debug_on_public_address(settings, capsys):
    settings.DEBUG = True
    assert midora(["serve", "--host", "0.0.0.0", "--port", "8999"]) == 2
    assert "debug" in capsys.readouterr().err
