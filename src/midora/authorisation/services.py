"""Build, answer, approve and keep a dossier: the Django side of the completeness rules."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from midora.authorisation.choices import DossierStatus, ItemStatus
from midora.authorisation.engine.completeness import (
    ItemCompleteness,
    ItemFacts,
    PinnedEvidence,
    Tally,
    article_key,
    completeness_by_article,
    item_completeness,
)
from midora.authorisation.models import Dossier, DossierItem, ItemEvidence
from midora.compliance.engine.applicability import applies
from midora.compliance.models import Requirement
from midora.compliance.scoping import entity_profiles, scoped_rows
from midora.core import audit

FRAMEWORK = "RTS305"


def application_items() -> Any:
    """The current information items of Delegated Regulation (EU) 2025/305, in RTS order."""
    return (
        Requirement.objects.filter(framework__code=FRAMEWORK, withdrawn=False, grouping=False)
        .select_related("framework")
        .order_by("position")
    )


@dataclass
class SyncReport:
    added: int = 0
    withdrawn: int = 0
    restored: int = 0


@transaction.atomic
def sync_items(dossier: Dossier) -> SyncReport:
    """MiCA Art. 62(2): the items that apply to the services the entity applies for.

    New applicable items are added; items that no longer apply are kept (with their answer)
    and marked as not applying, never deleted.
    """
    profile = entity_profiles([dossier.entity])[dossier.entity_id]
    profile = replace(profile, mica_status="applicant")  # an authorised file keeps its items
    existing = {i.requirement_id: i for i in dossier.items.all()}
    report = SyncReport()
    new_items = []
    requirements = list(application_items())
    for requirement, row in zip(requirements, scoped_rows(requirements), strict=True):
        verdict = applies(row, profile)
        item = existing.get(requirement.pk)
        if item is None:
            if verdict.applies:
                new_items.append(
                    DossierItem(
                        dossier=dossier, requirement=requirement, position=requirement.position
                    )
                )
            continue
        if item.applies != verdict.applies or item.position != requirement.position:
            if item.applies != verdict.applies:
                report.restored += int(verdict.applies)
                report.withdrawn += int(not verdict.applies)
            item.applies = verdict.applies
            item.position = requirement.position
            item.save()
    DossierItem.objects.bulk_create(new_items)
    audit.record_created(new_items)
    report.added = len(new_items)
    return report


def open_dossier(entity: Any, title: str = "") -> tuple[Dossier, SyncReport]:
    """The entity's dossier (created on first use) with its items brought up to date."""
    with transaction.atomic():
        dossier = Dossier.objects.filter(entity=entity).first()
        if dossier is None:
            dossier = Dossier(entity=entity, title=title)
            dossier.save()
        return dossier, sync_items(dossier)


def items_with_evidence(dossier: Dossier) -> Any:
    from midora.compliance.models import EvidenceVersion

    latest = EvidenceVersion.objects.order_by("evidence_id", "-number")
    return (
        dossier.items.filter(applies=True)
        .select_related("requirement", "owner", "reviewer", "approved_by")
        .prefetch_related(
            Prefetch(
                "attachments",
                queryset=ItemEvidence.objects.select_related(
                    "evidence", "pinned_version"
                ).prefetch_related(Prefetch("evidence__versions", queryset=latest)),
            )
        )
        .order_by("position")
    )


def pinned_facts(attachment: ItemEvidence, today: Any) -> PinnedEvidence:
    versions = list(attachment.evidence.versions.all())
    latest = versions[0].number if versions else None
    return PinnedEvidence(
        title=attachment.evidence.title,
        pinned_version=attachment.pinned_version.number if attachment.pinned_version else None,
        latest_version=latest,
        fresh=attachment.evidence.state(today) != "stale",
    )


def item_result(item: DossierItem, today: Any = None) -> ItemCompleteness:
    today = today or timezone.localdate()
    facts = ItemFacts(
        ref=item.requirement.ref,
        article=item.requirement.article,
        status=item.status,
        evidence=tuple(pinned_facts(a, today) for a in item.attachments.all()),
        flagged=item.needs_review,
    )
    return item_completeness(facts, _)


@dataclass(frozen=True)
class DossierState:
    rows: list[tuple[DossierItem, ItemCompleteness]]
    articles: dict[str, Tally]
    overall: Tally
    titles: dict[str, str]


def dossier_state(dossier: Dossier) -> DossierState:
    """Every applicable item with its completeness, per article and overall."""
    today = timezone.localdate()
    rows = [(item, item_result(item, today)) for item in items_with_evidence(dossier)]
    articles, overall = completeness_by_article(r for _i, r in rows)
    titles = dict(
        Requirement.objects.filter(framework__code=FRAMEWORK, grouping=True).values_list(
            "article", "title"
        )
    )
    return DossierState(rows, articles, overall, titles)


def status_rows(dossier: Dossier) -> dict[str, Any]:
    """The figures of `midora dossier status` and the status API."""
    state = dossier_state(dossier)
    return {
        "entity": dossier.entity.name,
        "lei": dossier.entity.lei,
        "dossier_status": dossier.status,
        "items": [
            {
                "id": item.requirement.ref,
                "article": item.requirement.article,
                "title": item.requirement.title,
                "status": item.status,
                "complete": result.complete,
                "reasons": list(result.reasons),
            }
            for item, result in state.rows
        ],
        "articles": {
            a: {"complete": t.complete, "total": t.total, "percent": t.percent}
            for a, t in sorted(state.articles.items(), key=lambda kv: article_key(kv[0]))
        },
        "overall": {
            "complete": state.overall.complete,
            "total": state.overall.total,
            "percent": state.overall.percent,
        },
    }


# --- workflow --------------------------------------------------------------------------------

ALLOWED_MOVES = {
    ItemStatus.NOT_STARTED: {ItemStatus.DRAFTED},
    ItemStatus.DRAFTED: {ItemStatus.IN_REVIEW, ItemStatus.NOT_STARTED},
    ItemStatus.IN_REVIEW: {ItemStatus.DRAFTED},
    ItemStatus.APPROVED: {ItemStatus.DRAFTED},
}


def can_approve(user: Any, item: DossierItem) -> bool:
    """The named reviewer, or a compliance manager / administrator of the entity, approves;
    nobody approves their own answer when a different reviewer is named."""
    from midora.core import permissions
    from midora.core.choices import Role

    if not permissions.in_scope(user, item):
        return False
    role = permissions.role_of(user)
    if item.reviewer_id is not None:
        return item.reviewer_id == user.pk or role in {Role.ADMINISTRATOR, Role.COMPLIANCE_MANAGER}
    return role in {Role.ADMINISTRATOR, Role.COMPLIANCE_MANAGER}


def move(item: DossierItem, status: str, user: Any, version: int | None = None) -> DossierItem:
    """Drafted -> in review -> (approve) approved; back to drafted to rework. Audited."""
    if status == ItemStatus.APPROVED:
        return approve(item, user, version)
    if status not in ALLOWED_MOVES.get(item.status, set()):
        raise ValidationError(
            {
                "status": _("An item %(current)s cannot move to %(target)s.")
                % {
                    "current": item.get_status_display(),
                    "target": ItemStatus(status).label if status in ItemStatus.values else status,
                }
            }
        )
    if status == ItemStatus.IN_REVIEW and not item.answer.strip():
        raise ValidationError({"answer": _("Write the answer before sending it for review.")})
    if version is not None:
        item.version = version
    item.status = status
    if status != ItemStatus.APPROVED:
        item.approved_by, item.approved_at = None, None
    item.save()
    return item


def approve(item: DossierItem, user: Any, version: int | None = None) -> DossierItem:
    """A reviewer approves an answer in review; the approval (who, when) is in the audit trail."""
    from django.core.exceptions import PermissionDenied

    if not can_approve(user, item):
        raise PermissionDenied(
            _("Only the item's reviewer or a compliance manager may approve it.")
        )
    if item.status != ItemStatus.IN_REVIEW:
        raise ValidationError({"status": _("Only an answer in review can be approved.")})
    if version is not None:
        item.version = version
    item.status = ItemStatus.APPROVED
    item.approved_by = user
    item.approved_at = timezone.now()
    item.needs_review = False
    item.review_reason = ""
    item.save()
    return item


def pin_latest(attachment: ItemEvidence) -> ItemEvidence:
    """Re-pin an attachment to the evidence's latest version; an approved answer goes back to
    review (the reviewer must see what it now rests on)."""
    latest = attachment.evidence.latest_version
    if latest is None or attachment.pinned_version_id == latest.pk:
        return attachment
    with transaction.atomic():
        attachment.pinned_version = latest
        attachment.save()
        item = attachment.item
        if item.status == ItemStatus.APPROVED:
            item.status = ItemStatus.IN_REVIEW
            item.save()
    return attachment


def flag_changed_evidence(evidence_id: int, what: str) -> int:
    """MiCA Art. 59 (conditions at all times): after authorisation, a change of the evidence
    behind an approved answer flags the item for review. Returns how many items were flagged."""
    items = DossierItem.objects.filter(
        attachments__evidence_id=evidence_id,
        status=ItemStatus.APPROVED,
        needs_review=False,
        dossier__baseline_at__isnull=False,
    ).distinct()
    count = 0
    for item in items:
        item.needs_review = True
        item.review_reason = what[:300]
        item.save()
        count += 1
    return count


def set_baseline(dossier: Dossier) -> Dossier:
    """The authorised file becomes the baseline (MiCA Art. 63(9) decision granting it)."""
    dossier.status = DossierStatus.AUTHORISED
    dossier.baseline_at = dossier.baseline_at or timezone.now()
    dossier.decided_on = dossier.decided_on or timezone.localdate()
    dossier.save()
    return dossier
