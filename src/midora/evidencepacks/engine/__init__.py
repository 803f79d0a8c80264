"""The pure side of evidence packs (no Django): the selection and the verifier shipped as
verify.py in every pack (hashes, RFC 6962 Merkle root, Ed25519 signature, audit chain)."""
