"""A kept classification's sentences in the reader's language (docs/i18n.md).

The engine's explanations are kept twice on a classification: as the English text the API and the
exports give, and as template and values (`Classification.sentences`). Pages and the PDF show the
second, said with gettext and the reader's number formats; a classification kept before the
sentences were is shown in its English.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from midora.core.sentences import said


@dataclass(frozen=True)
class SaidClassification:
    """What a page shows of a classification's sentences, in the active language."""

    why: str
    criteria: list[dict[str, Any]]  # every criterion and the Art 8(1) verdict ("major")
    review_flags: list[dict[str, Any]]
    reclassification_why: str
    client_notification_why: str

    @property
    def thresholds(self) -> list[dict[str, Any]]:
        """The criteria without the Art 8(1) verdict."""
        return [c for c in self.criteria if c["key"] != "major"]


def said_classification(row: Any) -> SaidClassification:
    """RTS-C Art 8 and DORA Art 19(3) explanations of a kept classification, as the reader reads."""
    kept = row.sentences or {}
    flags = kept.get("flags") or []
    return SaidClassification(
        why=said(kept.get("why"), row.why),
        criteria=[{**c, "why": said(kept.get(c["key"]), c["why"])} for c in row.criteria],
        review_flags=[
            {**f, "message": said(flags[i] if i < len(flags) else None, f["message"])}
            for i, f in enumerate(row.review_flags)
        ],
        reclassification_why=said(kept.get("reclassification_why"), row.reclassification_why),
        client_notification_why=said(
            kept.get("client_notification_why"), row.client_notification_why
        ),
    )
