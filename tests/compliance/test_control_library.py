"""The shipped control library and its validation."""

import pytest

from midora.compliance.engine.catalogue_files import AREAS, load_shipped_catalogues
from midora.compliance.engine.control_library import load_control_library, parse_control_library
from midora.compliance.engine.yaml_source import FileFormatError


@pytest.fixture(scope="module")
def catalogues():
    return load_shipped_catalogues()


@pytest.fixture(scope="module")
def library(catalogues):
    return load_control_library(catalogues=catalogues)


def test_at_least_sixty_controls_covering_every_area(library):
    assert len(library.controls) >= 60
    assert {c.area for c in library.controls} == set(AREAS)
    assert len({c.id for c in library.controls}) == len(library.controls)


def test_required_families_are_present(library):
    families = {c.family for c in library.controls}
    wanted = {"GOV", "ISMS", "RISK", "ASSET", "IAM", "KEY", "SDLC", "LOG", "IR", "BAK", "BCM"}
    assert wanted | {"TPR", "TEST", "TRN", "REC"} <= families


def test_every_mapping_points_at_a_requirement_of_its_own_regime(library, catalogues):
    regime_of = {e.id: c.regime for c in catalogues for e in c.requirements}
    for control in library.controls:
        for mapping in control.mica:
            assert regime_of[mapping.requirement] == "MICA", (control.id, mapping.requirement)
        for mapping in control.dora:
            assert regime_of[mapping.requirement] == "DORA", (control.id, mapping.requirement)
        for mapping in (*control.mica, *control.dora):
            assert mapping.rationale and mapping.coverage in ("full", "partial")


def test_dora_mappings_reach_all_three_dora_frameworks(library):
    prefixes = {m.requirement.split("-")[0] for c in library.controls for m in c.dora}
    assert prefixes == {"DORA", "RTS1774", "RTS1773"}


LIBRARY = """\
library: {name: test, version: '1', status: draft}
controls:
- id: CTL-IAM-01
  title: Access control
  description: Role-based access.
  area: ICT risk
  type: preventive
  frequency: continuous
  evidence: [Role catalogue]
  mica:
  - {requirement: MICA-75.1, coverage: partial, rationale: Custody security.}
  dora:
  - {requirement: DORA-9.4.c, coverage: full, rationale: Least privilege.}
"""


def test_minimal_library_parses(catalogues):
    lib = parse_control_library(LIBRARY, "lib.yaml", catalogues)
    assert lib.get("CTL-IAM-01").dora[0].line == 13


@pytest.mark.parametrize(
    ("old", "new", "line", "reason"),
    [
        ("MICA-75.1", "DORA-9.4.b", 11, "belongs to the DORA regime, not MICA"),
        ("DORA-9.4.c", "MICA-75.2", 13, "belongs to the MICA regime, not DORA"),
        ("DORA-9.4.c", "DORA-99.1", 13, "unknown requirement DORA-99.1"),
        ("coverage: full", "coverage: most", 13, "coverage 'most'"),
        ("type: preventive", "type: deterrent", 7, "type 'deterrent'"),
        ("  area: ICT risk\n", "", 3, "missing field 'area'"),
        ("id: CTL-IAM-01", "id: IAM-1", 3, "is not like CTL-IAM-03"),
    ],
)
def test_malformed_library_refused_with_line(catalogues, old, new, line, reason):
    with pytest.raises(FileFormatError) as info:
        parse_control_library(LIBRARY.replace(old, new, 1), "lib.yaml", catalogues)
    first = info.value.problems[0]
    assert (first.file, first.line) == ("lib.yaml", line)
    assert reason in first.reason


def test_duplicate_control_id_refused(catalogues):
    text = LIBRARY + LIBRARY.split("controls:\n", 1)[1]
    with pytest.raises(FileFormatError, match=r"lib.yaml:14: duplicate control id CTL-IAM-01"):
        parse_control_library(text, "lib.yaml", catalogues)
