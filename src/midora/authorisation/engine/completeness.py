"""Completeness of an authorisation dossier, item by item, per article and overall."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

APPROVED = "approved"  # midora.authorisation.choices.ItemStatus.APPROVED


def english(text: str) -> str:
    """The default translation: the English text itself (pages pass Django's gettext)."""
    return text


Translate = Callable[[str], str]


@dataclass(frozen=True)
class PinnedEvidence:
    """A document attached to an answer: the version pinned and whether it is still current."""

    title: str
    pinned_version: int | None
    latest_version: int | None
    fresh: bool  # the evidence item is not stale (its review date and period hold)

    @property
    def current(self) -> bool:
        return self.fresh and self.pinned_version == self.latest_version


@dataclass(frozen=True)
class ItemFacts:
    ref: str
    article: str
    status: str
    evidence: tuple[PinnedEvidence, ...] = ()
    flagged: bool = False  # a baseline change put the item back for review


@dataclass(frozen=True)
class ItemCompleteness:
    ref: str
    article: str
    complete: bool
    reasons: tuple[str, ...]


def _status(status: str, _: Translate) -> str:
    labels = {
        "not_started": _("not started"),
        "drafted": _("drafted"),
        "in_review": _("in review"),
        "approved": _("approved"),
    }
    return labels.get(status, status.replace("_", " "))


def item_completeness(item: ItemFacts, _: Translate = english) -> ItemCompleteness:
    """Reg. 2025/305 Art. 1-17 item, MiCA Art. 62(2): complete when approved and its pinned
    evidence is current (the latest version of a fresh evidence item)."""
    reasons: list[str] = []
    if item.status != APPROVED:
        reasons.append(_("answer %(status)s, not approved") % {"status": _status(item.status, _)})
    if item.flagged:
        reasons.append(_("evidence changed after approval: review again"))
    if not item.evidence:
        reasons.append(_("no document attached"))
    for doc in item.evidence:
        if doc.pinned_version != doc.latest_version:
            reasons.append(
                _("%(title)s: version %(pinned)s pinned, version %(latest)s is the latest")
                % {"title": doc.title, "pinned": doc.pinned_version, "latest": doc.latest_version}
            )
        elif not doc.fresh:
            reasons.append(
                _("%(title)s: stale (review date or period passed)") % {"title": doc.title}
            )
    return ItemCompleteness(item.ref, item.article, not reasons, tuple(reasons))


@dataclass(frozen=True)
class Tally:
    complete: int
    total: int

    @property
    def percent(self) -> float:
        return round(100 * self.complete / self.total, 1) if self.total else 100.0


def article_key(article: str) -> tuple[int, str]:
    return (int(article), article) if article.isdigit() else (10**6, article)


def completeness_by_article(
    results: Iterable[ItemCompleteness],
) -> tuple[dict[str, Tally], Tally]:
    """MiCA Art. 63(2): how far each article of the RTS, and the whole file, is complete."""
    per: dict[str, list[int]] = {}
    for result in results:
        counts = per.setdefault(result.article, [0, 0])
        counts[0] += int(result.complete)
        counts[1] += 1
    articles = {a: Tally(*per[a]) for a in sorted(per, key=article_key)}
    overall = Tally(
        sum(t.complete for t in articles.values()), sum(t.total for t in articles.values())
    )
    return articles, overall
