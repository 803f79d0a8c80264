"""Catalogue files: shipped files, build script reproducibility, refusals with lines, diff."""

from dataclasses import replace

import pytest

from midora.compliance.build_catalogues import build_catalogues
from midora.compliance.engine.catalogue_files import (
    AREAS,
    CATALOGUE_DIR,
    FRAMEWORKS,
    check_catalogue_set,
    diff_catalogues,
    id_ancestors,
    load_shipped_catalogues,
    parse_catalogue,
    shipped_catalogue_paths,
)
from midora.compliance.engine.yaml_source import FileFormatError
from tests.reference import CATALOGUE

REFERENCE = CATALOGUE

VALID = """\
catalogue:
  framework: DORA
  regime: DORA
  regulation: Regulation (EU) 2022/2554 (DORA)
  consolidated_date: '2022-12-27'
  catalogue_version: 1.0.0
requirements:
- id: DORA-5
  parent: null
  source: {regulation: DORA, article: '5', paragraph: null, point: null}
  title: Governance and organisation
  summary: Article node.
  area: Governance
  applies_when: {all: true}
  applies_to_text: all
  evidence_examples: []
  grouping: true
- id: DORA-5.2
  parent: DORA-5
  source: {regulation: DORA, article: '5', paragraph: '2', point: null}
  title: Management body owns the framework
  summary: The board defines and oversees ICT risk management.
  area: Governance
  applies_when: {all: true}
  applies_to_text: all
  evidence_examples: [Board resolution]
"""


# text that occurs only in the second entry of VALID, after its `area` line
TAIL_OF_SECOND_ENTRY = (
    "  applies_when: {all: true}\n  applies_to_text: all\n  evidence_examples: [B"
)


@pytest.fixture(scope="module")
def shipped():
    return load_shipped_catalogues()


def test_every_framework_is_shipped_with_its_metadata(shipped):
    assert {c.framework for c in shipped} == set(FRAMEWORKS)
    for catalogue in shipped:
        assert catalogue.regime == FRAMEWORKS[catalogue.framework][0]
        assert catalogue.consolidated_date and catalogue.catalogue_version
    assert len(shipped_catalogue_paths()) == 5


def test_ids_unique_across_catalogues_and_related_hints_resolve(shipped):
    ids = [entry.id for c in shipped for entry in c.requirements]
    assert len(ids) == len(set(ids))
    check_catalogue_set(shipped)  # raises on a dangling related id


def test_hierarchy_runs_article_paragraph_point(shipped):
    dora = next(c for c in shipped if c.framework == "DORA")
    assert dora.get("DORA-30.3.e.i").parent == "DORA-30.3.e"
    assert dora.get("DORA-30.3.e").parent == "DORA-30"
    assert dora.get("DORA-30").parent is None
    assert dora.get("DORA-30").level == "article"
    assert dora.get("DORA-28.3.s3").level == "subparagraph"
    for catalogue in shipped:
        for entry in catalogue.requirements:
            assert (entry.parent is None) == (entry.level == "article"), entry.id


def test_rts1773_covers_articles_1_to_11_and_is_marked_for_review(shipped):
    rts = next(c for c in shipped if c.framework == "RTS1773")
    assert {e.article for e in rts.requirements} == {str(n) for n in range(1, 12)}
    assert all(e.needs_legal_review for e in rts.requirements)
    assert rts.regime == "DORA"


def test_areas_come_from_the_closed_list(shipped):
    used = {entry.area for c in shipped for entry in c.requirements}
    assert used == set(AREAS)


def test_shipped_files_equal_what_the_build_script_derives():
    built = build_catalogues(REFERENCE)
    for name, text in built.items():
        assert (CATALOGUE_DIR / name).read_text(encoding="utf-8") == text, name


def test_every_reference_entry_is_shipped_with_its_text():
    import yaml

    shipped_ids = {e.id: e for c in load_shipped_catalogues() for e in c.requirements}
    for name in ("dora.yaml", "mica.yaml", "rts-2024-1774.yaml"):
        for raw in yaml.safe_load((REFERENCE / name).read_text())["requirements"]:
            entry = shipped_ids[raw["id"]]
            assert entry.summary == raw["summary"]
            assert entry.applies_to_text == raw["applies_to"]


def test_valid_minimal_file_parses():
    catalogue = parse_catalogue(VALID, "mini.yaml")
    assert catalogue.ids == ("DORA-5", "DORA-5.2")
    assert catalogue.get("DORA-5.2").line == 18


def _refusal(text: str) -> tuple[int, str]:
    with pytest.raises(FileFormatError) as info:
        parse_catalogue(text, "bad.yaml")
    first = info.value.problems[0]
    assert first.file == "bad.yaml"
    assert str(first).startswith(f"bad.yaml:{first.line}:")
    return first.line, first.reason


@pytest.mark.parametrize(
    ("old", "new", "line", "reason"),
    [
        ("  title: Management body owns the framework\n", "", 18, "missing field 'title'"),
        ("- id: DORA-5.2\n", "- id: DORA-5\n", 18, "duplicate id DORA-5 (first at line 8)"),
        (
            "  area: Governance\n" + TAIL_OF_SECOND_ENTRY,
            "  area: Conduct\n" + TAIL_OF_SECOND_ENTRY,
            23,
            "unknown area 'Conduct'",
        ),
        ("  parent: DORA-5\n", "  parent: DORA-6\n", 18, "unknown parent DORA-6"),
        (
            "{all: true}\n  applies_to_text: all\n  evidence_examples: [B",
            "{everyone: true}\n  applies_to_text: all\n  evidence_examples: [B",
            24,
            "unknown applicability key 'everyone'",
        ),
        (
            "{all: true}\n  applies_to_text: all\n  evidence_examples: [B",
            "{service: [custody]}\n  applies_to_text: all\n  evidence_examples: [B",
            24,
            "belongs to the MICA regime",
        ),
        ("  framework: DORA\n", "  framework: NIS2\n", 2, "unknown framework 'NIS2'"),
        ("- id: DORA-5.2\n", "- id: MICA-5.2\n", 18, "is not a DORA id"),
        (
            "  evidence_examples: [Board resolution]\n",
            "  evidence_examples: []\n",
            26,
            "'evidence_examples' must not be empty",
        ),
        # an unclosed flow list on line 11 is detected where the next key starts
        ("  title: Governance and organisation\n", "  title: [Governance\n", 12, "not valid YAML"),
    ],
)
def test_malformed_file_is_refused_with_line_and_reason(old, new, line, reason):
    assert old in VALID
    got_line, got_reason = _refusal(VALID.replace(old, new, 1))
    assert reason in got_reason
    assert got_line == line


def test_id_ancestors_nearest_first():
    assert id_ancestors("MICA-RTS305-9.a.ii") == ["MICA-RTS305-9.a", "MICA-RTS305-9"]
    assert id_ancestors("DORA-7") == []


def test_diff_reports_added_changed_and_withdrawn(shipped):
    old = next(c for c in shipped if c.framework == "DORA")
    first, second, third = old.requirements[1:4]
    new_entries = [
        replace(e, summary=e.summary + " Amended.") if e.id == second.id else e
        for e in old.requirements
        if e.id != third.id
    ]
    added = replace(first, id="DORA-5.9", parent="DORA-5")
    new = replace(old, requirements=(*new_entries, added), catalogue_version="1.1.0")
    diff = diff_catalogues(old, new)
    assert diff.added == ("DORA-5.9",)
    assert diff.changed == (second.id,)
    assert diff.withdrawn == (third.id,)
    assert diff_catalogues(old, old).is_empty


def test_diff_refuses_two_frameworks(shipped):
    with pytest.raises(ValueError, match="cannot compare"):
        diff_catalogues(shipped[0], shipped[1])
