"""What the test form adds to the form derived from the register's fields."""

from __future__ import annotations

from typing import Any

from midora.core.forms import ScopedLinksForm


class TestScopeForm(ScopedLinksForm):
    """A test's assets and functions belong to its own entity."""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self.same_entity(data, "assets", "functions")
        return data
