"""The pure pack format: the RFC 6962 tree hash, the audit hash shared with the trail, keys."""

from __future__ import annotations

import datetime as dt

from midora.core import audit
from midora.evidencepacks.engine.verify import (
    AUDIT_FIELDS,
    audit_event_hash,
    manifest_root,
    merkle_root,
    raw_key_from_pem,
)

# The Merkle Tree Hash test vectors of Certificate Transparency (RFC 6962): the roots of the
# first 1..8 of these leaves.
CT_LEAVES = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657",
             "606162636465666768696a6b6c6d6e6f"]  # fmt: skip
CT_ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]


def test_merkle_root_is_rfc6962_tree_hash():
    for count, expected in enumerate(CT_ROOTS, start=1):
        leaves = [bytes.fromhex(x) for x in CT_LEAVES[:count]]
        assert merkle_root(leaves).hex() == expected


def test_manifest_root_covers_header_and_each_entry():
    manifest = {"format": "f", "pack": {"id": "1"}, "files": [{"path": "a", "sha256": "0"}]}
    root = manifest_root(manifest)
    assert manifest_root({**manifest, "pack": {"id": "2"}}) != root
    assert manifest_root({**manifest, "files": [{"path": "a", "sha256": "1"}]}) != root
    assert manifest_root({**manifest, "files": []}) != root


def test_audit_hash_is_the_trails_own():
    class Event:
        sequence, actor, actor_id, source, action = 7, "ana", 3, "web", "update"
        occurred_at = dt.datetime(2026, 3, 1, 9, 30, 0, 123000, tzinfo=dt.UTC)
        record_type, record_id, record_label = "compliance.evidence", "12", "Access review é"
        changes = {"title": ["a", "b"], "size": [1, 2.5]}

    payload = audit.event_payload(Event)
    assert audit_event_hash("ab" * 32, payload) == audit.compute_hash("ab" * 32, payload)


def test_public_key_pem_read_without_a_library(settings, tmp_path):
    from midora.evidencepacks import keys

    settings.HOME = tmp_path
    key = keys.public_key()
    assert raw_key_from_pem(key.pem) == key.raw and len(key.raw) == 32
    assert (tmp_path / keys.KEY_FILE).stat().st_mode & 0o777 == 0o600
    assert keys.public_key().raw == key.raw  # created once, then kept


def test_the_standalone_verifier_hashes_the_fields_the_trail_hashes():
    # verify.py runs without midora, so it spells the fields itself; they must stay the same
    assert AUDIT_FIELDS == audit.HASHED_FIELDS
