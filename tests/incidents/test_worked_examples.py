"""Every worked example passes through the engine and through the classify command."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from midora.incidents.commands import classify as classify_cli
from midora.incidents.engine.vectors import classify_document

from .conftest import (
    REFERENCE_DIR,
    VECTORS_NAME,
    load_vectors,
    reference_vectors_path,
    shipped_vectors_path,
)

DOC = load_vectors()
IDS = [v["id"] for v in DOC["vectors"]]
EXPECTED = {v["id"]: v["expected"] for v in DOC["vectors"]}
# Human advice whose wording is the author's own: compared on the stated legal basis only.
FREE_TEXT = {"client_protection_information"}


def assert_matches(expected, actual, path: str) -> None:
    """Every key of the example is present in the output with an equal value."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{path}: expected a mapping, got {actual!r}"
        for key, value in expected.items():
            assert key in actual, f"{path}.{key} missing from the output"
            assert_matches(value, actual[key], f"{path}.{key}")
    elif isinstance(expected, str) and _is_moment(expected):
        assert datetime.fromisoformat(actual) == datetime.fromisoformat(expected), path
        assert actual == expected, f"{path}: {actual} != {expected} (local offset)"
    else:
        assert actual == expected, f"{path}: {actual!r} != {expected!r}"


def _is_moment(text: str) -> bool:
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return "T" in text


def check(result: dict, vid: str) -> None:
    assert result["id"] == vid
    expected = dict(EXPECTED[vid])
    for key in FREE_TEXT & expected.keys():
        basis = expected.pop(key).split(" - ")[0]
        assert result[key].startswith(basis), f"{vid}.{key}"
    assert_matches(expected, result, vid)


@pytest.fixture(scope="module")
def engine_results() -> dict[str, dict]:
    return {r["id"]: r for r in classify_document(DOC)}


@pytest.mark.parametrize("vid", IDS)
def test_engine_reproduces_worked_example(engine_results, vid):
    check(engine_results[vid], vid)


@pytest.mark.parametrize("vid", IDS)
def test_classify_command_reproduces_worked_example(vid, capsys):
    assert classify_cli.main([str(reference_vectors_path())]) == 0
    results = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    check(results[vid], vid)


def test_every_vector_is_classified(engine_results):
    assert sorted(engine_results) == sorted(IDS)
    assert len(IDS) == 12


def test_single_input_document_accepted(tmp_path, capsys):
    vec = next(v for v in DOC["vectors"] if v["id"] == "P05")
    one = {"id": "P05", "meta": DOC["meta"], "input": vec["input"]}
    path = tmp_path / "one.json"
    path.write_text(json.dumps(one))
    assert classify_cli.main([str(path)]) == 0
    (result,) = json.loads(capsys.readouterr().out)
    check(result, "P05")


def test_result_lists_every_criterion_with_reason(engine_results):
    criteria = engine_results["P02"]["criteria"]
    keys = [c["key"] for c in criteria]
    assert keys == [
        "critical_services_affected",
        "t9_1",
        "t9_2",
        "t9_3",
        "t9_4",
        "t9_5a",
        "t9_5b",
        "t9_6",
        "major",
    ]
    assert all(c["why"] and c["article"].startswith("RTS-C") for c in criteria)
    assert "just over 10.00 %" in criteria[1]["why"]
    assert engine_results["P02"]["ruleset_version"].startswith("midora-dora-incident-rules/")


def test_shipped_vectors_equal_reference():
    shipped = shipped_vectors_path().read_bytes()
    assert shipped == (REFERENCE_DIR / VECTORS_NAME).read_bytes()
