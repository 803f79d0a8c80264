"""The dossier: items derived from offerings, the answer workflow, completeness and the baseline."""

from __future__ import annotations

import pytest
from django.utils import timezone

from midora.authorisation import services
from midora.authorisation.choices import ItemStatus
from midora.authorisation.models import DossierItem, ItemEvidence
from midora.compliance.models import EvidenceVersion
from midora.core.choices import OfferingStatus, Role
from midora.core.models import AuditEvent, ServiceOffering
from tests.factories import make_user

from .conftest import add_version

pytestmark = pytest.mark.django_db


def _item(dossier, ref: str) -> DossierItem:
    return dossier.items.get(requirement__ref=ref)


def test_items_follow_the_services_applied_for(applicant):
    dossier, report = services.open_dossier(applicant)
    refs = set(dossier.items.values_list("requirement__ref", flat=True))
    assert report.added == len(refs)
    assert "MICA-RTS305-1.a" in refs  # every applicant
    assert "MICA-RTS305-15.d" in refs  # execution policy
    assert "MICA-RTS305-17.a" in refs  # transfer services
    assert "MICA-RTS305-12.a" not in refs  # custody policy: custody not applied for
    assert "MICA-RTS305-13.1.a" not in refs  # trading platform rules

    ServiceOffering.objects.filter(entity=applicant, service="transfer").update(
        status=OfferingStatus.WITHDRAWN
    )
    ServiceOffering.objects.create(entity=applicant, service="custody", status="planned")
    again = services.sync_items(dossier)
    assert again.withdrawn == 4 and again.added > 0
    assert not _item(dossier, "MICA-RTS305-17.a").applies  # kept, not deleted
    assert _item(dossier, "MICA-RTS305-12.a").applies


def test_answer_review_approve_is_audited_and_checked(applicant, compliance_user, evidence_for):
    dossier, _ = services.open_dossier(applicant)
    item = _item(dossier, "MICA-RTS305-15.d")
    drafter = make_user("drafter", Role.CONTRIBUTOR, [applicant])
    item.owner, item.reviewer = drafter, compliance_user
    item.save()
    with pytest.raises(Exception, match="not started cannot move to in review"):
        services.move(item, ItemStatus.IN_REVIEW, drafter)
    item.status = ItemStatus.DRAFTED
    item.save()
    with pytest.raises(Exception, match="Write the answer"):
        services.move(item, ItemStatus.IN_REVIEW, drafter)
    item.answer, item.status = "Total consideration decides for retail clients.", "drafted"
    item.save()
    services.move(item, ItemStatus.IN_REVIEW, drafter)
    with pytest.raises(Exception, match="reviewer"):
        services.approve(item, drafter)
    services.approve(item, compliance_user)
    item.refresh_from_db()
    assert item.status == ItemStatus.APPROVED and item.approved_by == compliance_user
    event = (
        AuditEvent.objects.filter(record_type="authorisation.dossieritem", record_id=str(item.pk))
        .order_by("sequence")
        .last()
    )
    assert event.changes["status"] == ["in_review", "approved"]
    assert (
        event.actor_id == compliance_user.pk
        or "approved_by_id" in event.changes
        or "approved_by" in event.changes
    )

    # complete only with current pinned evidence
    assert not services.item_result(item).complete
    evidence = evidence_for(applicant)
    ItemEvidence.objects.create(
        item=item,
        evidence=evidence,
        pinned_version=evidence.latest_version,
        statement="Valid for MiCA item 15.d because it is the execution policy.",
    )
    assert services.item_result(item).complete
    add_version(evidence, 2)
    result = services.item_result(item)
    assert not result.complete and "version 1 pinned" in result.reasons[0]
    services.pin_latest(item.attachments.get())
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_REVIEW  # the reviewer sees what it now rests on


def test_after_authorisation_new_evidence_flags_the_item(applicant, compliance_user, evidence_for):
    dossier, _ = services.open_dossier(applicant)
    item = _item(dossier, "MICA-RTS305-5.1")
    evidence = evidence_for(applicant, "Business continuity plan")
    ItemEvidence.objects.create(
        item=item, evidence=evidence, pinned_version=evidence.latest_version, statement="s"
    )
    item.answer, item.status = "BCP", ItemStatus.IN_REVIEW
    item.save()
    services.approve(item, compliance_user)
    add_version(evidence, 2)  # before authorisation: incomplete, not flagged
    item.refresh_from_db()
    assert not item.needs_review
    services.pin_latest(item.attachments.get())
    item.refresh_from_db()
    services.approve(item, compliance_user)
    services.set_baseline(dossier)
    now = timezone.now()
    stored = EvidenceVersion(
        evidence=evidence, number=3, sha256="0" * 64, size=1, original_name="kept.pdf"
    )
    stored.created_at = stored.updated_at = stored.uploaded_at = now
    stored.save_base(raw=True)  # written back as stored (a fixture), not an upload
    item.refresh_from_db()
    assert not item.needs_review
    add_version(evidence, 4)
    item.refresh_from_db()
    assert item.needs_review and "version 4" in item.review_reason
    overall = services.dossier_state(dossier).overall
    assert overall.complete == 0


def test_completeness_per_article_and_overall(applicant, compliance_user, evidence_for):
    dossier, _ = services.open_dossier(applicant)
    evidence = evidence_for(applicant)
    for ref in ("MICA-RTS305-15.a", "MICA-RTS305-15.b"):
        item = _item(dossier, ref)
        ItemEvidence.objects.create(
            item=item, evidence=evidence, pinned_version=evidence.latest_version, statement="s"
        )
        item.answer, item.status = "answer", ItemStatus.IN_REVIEW
        item.save()
        services.approve(item, compliance_user)
    data = services.status_rows(dossier)
    assert data["articles"]["15"] == {"complete": 2, "total": 10, "percent": 20.0}
    assert data["overall"]["complete"] == 2
    assert (
        data["overall"]["total"] == len(data["items"]) == dossier.items.filter(applies=True).count()
    )
