"""On a freshly migrated database the demo loads and every CLI command does its job.

The list of invocations is checked against the parser: a new verb or sub-command that is not
exercised here fails the test, so the migrations, the demo and the commands stay in step.
"""

from __future__ import annotations

import argparse
import io
import sys

import pytest
import yaml

from midora.cli import build_parser, main
from tests.incidents.app_fixtures import REPORT_TEXT, major_impact
from tests.reference import REFERENCE

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

# Not run here, with the reason: `serve` blocks while it serves (the browser tests start the real
# server); `init` would create MIDORA_HOME's own database beside the test database.
NOT_RUN = {("serve",): "serves until stopped", ("init",): "creates the home database"}


def _commands() -> set[tuple[str, ...]]:
    def sub(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                return dict(action.choices)
        return {}

    found = set()
    for verb, parser in sub(build_parser()).items():
        inner = sub(parser)
        found |= {(verb, name) for name in inner} if inner else {(verb,)}
    return found


def test_demo_and_every_command_on_a_fresh_database(tmp_path, monkeypatch, capsys):
    commands = _commands()
    with_subcommands = {command[0] for command in commands if len(command) == 2}
    ran: set[tuple[str, ...]] = set()

    def run(*argv: str) -> None:
        ran.add(tuple(argv[:2]) if argv[0] in with_subcommands else (argv[0],))
        code = main(list(argv))
        assert code == 0, (argv, capsys.readouterr())
        capsys.readouterr()

    monkeypatch.setenv("MIDORA_DEMO_PASSWORD", "a-long-test-password")
    run("demo", "--reset")
    from midora.core.models import LegalEntity

    holding = LegalEntity.objects.get(name="Aurora Digital Holding S.A.")
    monkeypatch.setattr(sys, "stdin", io.StringIO("another-long-password\n"))
    run("createuser", "reader", "--role", "auditor", "--entity", holding.lei, "--password-stdin")
    run("token", "create", "reader")
    run("token", "list", "reader")
    run("audit", "verify")
    run("catalogue", "list")
    run("catalogue", "show", "DORA-30.3.e.i")
    run("catalogue", "load")
    run("controls", "load")
    run("evidence", "verify")
    run("oscal", "export", "catalogue", "DORA", "-o", str(tmp_path / "dora.json"))
    run("risk", "export", str(tmp_path / "risks.xlsx"))
    run("risk", "heatmap")
    run("risk", "matrix")
    incident = tmp_path / "incident.yaml"
    incident.write_text(
        yaml.safe_dump(
            {
                "entity": holding.lei,
                "title": "Custody key ceremony failed",
                "description": "HSM quorum not reached during key rotation",
                "idempotency_key": "fresh-db-1",
                "occurred_at": "2025-03-11T08:00:00+01:00",
                "aware_at": "2025-03-11T09:00:00+01:00",
                "classified_at": "2025-03-11T11:30:00+01:00",
                "resolved_at": "2025-03-11T11:00:00+01:00",
                "impact": major_impact(),
                "report_text": REPORT_TEXT,
            }
        )
    )
    run("incident", "classify", str(REFERENCE / "dora-incident-test-vectors.yaml"))
    run("incident", "create", str(incident))
    run("incident", "list")
    from midora.incidents.models import Incident

    reference = Incident.objects.get(idempotency_key="fresh-db-1").reference
    run("incident", "report", reference, "--output", str(tmp_path / "report.json"))
    roi = tmp_path / "roi"
    roi.mkdir()
    args = ("--entity", holding.lei, "--reference-date", "2025-12-31")
    run("roi", "export", *args, "--output", str(roi))
    [package] = roi.iterdir()
    run("roi", "validate", str(package))
    run("roi", "workbook", str(package), "--output", str(tmp_path / "roi.xlsx"))
    run("roi", "import", str(package))
    run("roi", "rules")
    gleif = tmp_path / "golden.csv"
    gleif.write_text(
        "LEI,Entity.LegalName,Entity.LegalName.xmllang,Entity.EntityStatus,"
        "Registration.InitialRegistrationDate,Registration.RegistrationStatus,"
        f"Registration.NextRenewalDate\n{holding.lei},{holding.name},en,ACTIVE,2020-01-01,"
        "ISSUED,2027-06-30\n",
        encoding="utf-8",
    )
    run("roi", "lei-check", str(package), "--gleif", str(gleif))
    run("authority", "list")
    run("authority", "load")
    from midora.core.models import AuthorityProfile

    run("authority", "holidays", AuthorityProfile.objects.order_by("code").first().code)
    run("dossier", "open", "--entity", holding.lei)
    run("dossier", "status", "--entity", holding.lei)
    dossier = tmp_path / "dossier"
    dossier.mkdir()
    run("dossier", "export", "--entity", holding.lei, "--output", str(dossier))
    run("unlock", "reader")
    run("otp", "status", "reader")
    from django.conf import settings

    groups = tmp_path / "groups.yaml"
    groups.write_text(
        f"auditors:\n  role: auditor\n  entities: [{holding.lei}]\n", encoding="utf-8"
    )
    monkeypatch.setattr(settings, "MIDORA_OIDC_GROUP_MAP", groups)
    run("sso", "check")
    run("worker", "--once")
    run("resilience", "coverage")
    run("actions", "list")
    run("actions", "sources")
    run("boardpack", "--period", "2025-07-01..2025-09-30", "--output", str(tmp_path / "p.pdf"))
    pack = tmp_path / "evidence-pack.zip"
    run("pack", "key")
    run(
        "pack",
        "build",
        "--regime",
        "DORA",
        "--recipient",
        "AMF, supervision",
        "--output",
        str(pack),
    )
    run("pack", "verify", str(pack))
    run("pack", "list")
    run("risk", "import", str(tmp_path / "risks.xlsx"))
    run("backup", str(tmp_path / "backup.zip"))
    run("restore", str(tmp_path / "backup.zip"))
    run("audit", "verify")
    run("audit", "reindex")
    run("audit", "export", "--format", "json", "--output", str(tmp_path / "trail.json"))
    run("audit", "verify")
    assert ran | set(NOT_RUN) == commands
