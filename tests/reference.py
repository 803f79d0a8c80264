"""The official reference slices the tests need, vendored under tests/fixtures/reference/.

Each file's source, date and SHA-256 are in PROVENANCE.md (checked by test_reference_provenance):
the tests never read anything outside the repository.
"""

from pathlib import Path

REFERENCE = Path(__file__).resolve().parent / "fixtures" / "reference"
CATALOGUE = REFERENCE / "catalogue"
TAXONOMY = REFERENCE / "eba-dora-taxonomy-4.0"
