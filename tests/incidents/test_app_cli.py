"""`midora incident` verbs: classify (every worked example), create, list, report."""

from __future__ import annotations

import json

import pytest
import yaml

from midora.cli import main
from midora.incidents.engine.report_content import validate_report
from midora.incidents.models import Incident

from .app_fixtures import REPORT_TEXT, major_impact
from .conftest import load_vectors, reference_vectors_path
from .test_worked_examples import check

DOC = load_vectors()
IDS = [v["id"] for v in DOC["vectors"]]


@pytest.mark.parametrize("vid", IDS)
def test_cli_verb_reproduces_worked_example(vid, capsys):
    assert main(["incident", "classify", str(reference_vectors_path())]) == 0
    results = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    check(results[vid], vid)


def test_cli_classify_refuses_invalid_input_with_vector_and_path(tmp_path, capsys):
    doc = {"meta": DOC["meta"], "vectors": [dict(DOC["vectors"][0])]}
    doc["vectors"][0]["input"] = {**doc["vectors"][0]["input"]}
    doc["vectors"][0]["input"]["incident"] = {
        **doc["vectors"][0]["input"]["incident"],
        "clients_affected": -1,
    }
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(doc))
    assert main(["incident", "classify", str(path)]) == 2
    err = capsys.readouterr().err
    assert "vector P01" in err and "input.incident.clients_affected" in err and "negative" in err


@pytest.fixture
def incident_file(tmp_path, entity):
    doc = {
        "entity": entity.lei,
        "title": "Custody key ceremony failed",
        "description": "HSM quorum not reached during key rotation",
        "idempotency_key": "ticket-991",
        "occurred_at": "2025-03-11T08:00:00+01:00",
        "aware_at": "2025-03-11T09:00:00+01:00",
        "classified_at": "2025-03-11T11:30:00+01:00",
        "resolved_at": "2025-03-11T11:00:00+01:00",
        "impact": major_impact(),
        "report_text": REPORT_TEXT,
    }
    path = tmp_path / "incident.yaml"
    path.write_text(yaml.safe_dump(doc))
    return path


@pytest.mark.django_db(transaction=True)
def test_cli_create_list_and_report(incident_file, tmp_path, capsys):
    assert main(["incident", "create", str(incident_file)]) == 0
    assert "Recorded" in capsys.readouterr().out
    assert main(["incident", "create", str(incident_file)]) == 0
    assert "Already recorded" in capsys.readouterr().out
    incident = Incident.objects.get()
    assert incident.source == "cli" and incident.is_major
    assert main(["incident", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert (
        rows[0]["reference"] == incident.reference
        and rows[0]["next_report"] == "initial_notification"
    )
    out = tmp_path / "initial.json"
    assert (
        main(
            [
                "incident",
                "report",
                str(incident.pk),
                "--stage",
                "initial",
                "--format",
                "json",
                "--output",
                str(out),
            ]
        )
        == 0
    )
    assert validate_report(json.loads(out.read_text())) == []
    pdf = tmp_path / "initial.pdf"
    assert (
        main(["incident", "report", incident.reference, "--format", "pdf", "--output", str(pdf)])
        == 0
    )
    assert pdf.read_bytes().startswith(b"%PDF")


@pytest.mark.django_db(transaction=True)
def test_cli_create_refuses_impossible_timeline(incident_file, capsys):
    doc = yaml.safe_load(incident_file.read_text())
    doc["aware_at"] = "2025-03-10T09:00:00+01:00"
    incident_file.write_text(yaml.safe_dump(doc))
    assert main(["incident", "create", str(incident_file)]) == 2
    assert "aware_at: aware before the incident occurred" in capsys.readouterr().err
    assert not Incident.objects.exists()
