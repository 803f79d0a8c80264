"""Refusal of invalid incident input (DORA Art. 17-19 intake): which field, which vector, why."""

from __future__ import annotations


class InvalidIncidentInput(ValueError):
    """Raised when incident input cannot be classified; carries the field path and the reason."""

    def __init__(self, path: str, reason: str, vector_id: str | None = None) -> None:
        self.path = path
        self.reason = reason
        self.vector_id = vector_id
        prefix = f"vector {vector_id}: " if vector_id else ""
        super().__init__(f"{prefix}{path}: {reason}")

    def for_vector(self, vector_id: str) -> InvalidIncidentInput:
        """Return the same refusal labelled with the vector it belongs to."""
        return InvalidIncidentInput(self.path, self.reason, vector_id)
