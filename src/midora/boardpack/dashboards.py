"""Which board-pack sections each role's dashboard shows (the same figures as the pack)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from midora.boardpack.generate import build_pack
from midora.boardpack.sections import Section

ROLE_SECTIONS = {
    "compliance_manager": ["readiness", "remediation", "incidents", "suppliers", "scope"],
    "administrator": [
        "summary",
        "readiness",
        "risks",
        "incidents",
        "suppliers",
        "testing",
        "remediation",
    ],
    "contributor": ["remediation", "risks", "testing"],
    "auditor": ["readiness", "acceptances", "decisions"],
    "board_member": ["summary", "readiness", "risks", "suppliers", "decisions"],
}


def dashboard_sections(user: Any, role: str | None, start: dt.date, end: dt.date) -> list[Section]:
    pack = build_pack(user, start, end)
    wanted = ROLE_SECTIONS.get(role or "", ["summary"])
    by_key = {s.key: s for s in pack.sections}
    return [by_key[key] for key in wanted if key in by_key]
