"""MiCA coverage of the shipped control library: every MiCA requirement and every application
item of Delegated Regulation (EU) 2025/305 has at least one control, each mapping its own reason."""

from __future__ import annotations

from collections import Counter

from midora.compliance.engine.catalogue_files import load_shipped_catalogues
from midora.compliance.engine.control_library import load_control_library

NON_ICT_FAMILIES = {
    "APP",
    "POP",
    "PRU",
    "FIT",
    "COI",
    "CMP",
    "SAF",
    "CUS",
    "OUT",
    "AML",
    "MKT",
    "EXE",
    "ADV",
    "TRF",
}


def test_every_mica_requirement_and_application_item_has_a_control():
    library = load_control_library()
    mapped = {m.requirement for c in library.controls for m in c.mica}
    mica = [e for c in load_shipped_catalogues() if c.regime == "MICA" for e in c.requirements]
    assert {e.id for e in mica if e.id.startswith("MICA-RTS305")} and len(mica) > 250
    unmapped = [e.id for e in mica if e.id not in mapped]
    assert unmapped == []


def test_each_mica_mapping_has_its_own_rationale():
    library = load_control_library()
    rationales = [m.rationale for c in library.controls for m in c.mica]
    assert all(len(r) > 40 for r in rationales)
    repeated = [r for r, n in Counter(rationales).items() if n > 1]
    assert repeated == []


def test_library_covers_the_non_ict_obligations_of_an_applicant():
    families = {c.id.split("-")[1] for c in load_control_library().controls}
    assert families >= NON_ICT_FAMILIES
