"""Demo step: one evidence pack issued to the French supervisor (DORA incident requirements of
the French custody subsidiary), so the register, its audit event and the download have content."""

from __future__ import annotations

import uuid

ORDER = 95


def load(ctx) -> None:
    from midora.evidencepacks.build import Recipient, build_pack
    from midora.evidencepacks.engine.selection import Selection

    entity = ctx.refs["entities"].get("fr")
    user = ctx.refs["users"].get("compliance")
    if entity is None or user is None:
        return
    selection = Selection.parse(
        regime="DORA",
        area="Incidents",
        entity=entity.lei,
        period_from=ctx.today.replace(month=1, day=1),
        period_to=ctx.today,
    )
    recipient = Recipient(
        "Autorité des marchés financiers (AMF)",
        "Evidence of DORA incident management, year to date",
    )
    build_pack(
        user, selection, recipient, pack_id=uuid.UUID(int=ctx.rng.getrandbits(128), version=4)
    )
    ctx.count("evidence packs issued", 1)
