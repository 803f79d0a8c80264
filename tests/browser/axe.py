"""axe-core on the page as it is: the serious and critical violations, with the markup behind each."""

from __future__ import annotations

from typing import Any


def serious_violations(page: Any) -> list[tuple[str, list[str]]]:
    from axe_playwright_python.sync_playwright import Axe

    return [
        (v["id"], [n["html"][:200] for n in v["nodes"]])
        for v in Axe().run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
