"""Finding statements run once per record (N+1) among the queries of one piece of work."""

from __future__ import annotations

import re
from collections import Counter

# a statement of the same shape may run a few times (one per section or entity), not per record
MOST_REPEATS = 3


def repeated(queries: list[dict[str, str]]) -> dict[str, int]:
    """Statements, with their literals and numbers blanked, run more than MOST_REPEATS times."""
    shapes = Counter(re.sub(r"\d+", "N", re.sub(r"'[^']*'", "S", q["sql"])) for q in queries)
    return {shape[:200]: count for shape, count in shapes.items() if count > MOST_REPEATS}
