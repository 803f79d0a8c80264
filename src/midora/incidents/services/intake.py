"""One intake for every source, the history of impact facts, and (re)classification.

DORA Art. 17(3) (record and classify incidents); RTS-C Art 8 classification of the record;
ITS 2025/302 Art 5 for a major incident later reassessed as non-major.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Max, QuerySet
from django.db.models.functions import Length
from django.utils import timezone

from midora.core import permissions
from midora.core.audit import current_actor, one_event_per_record
from midora.core.compiled_reads import CompiledRead
from midora.core.engine.sentences import Sentence
from midora.incidents.engine.classification import (
    ClassificationResult,
    CriterionResult,
    ReviewFlag,
    classify,
    client_notification_required,
)
from midora.incidents.engine.reclassification import reclassification
from midora.incidents.engine.results import criteria_rows, flag_rows, sentence_rows
from midora.incidents.services.record_facts import (
    TIMELINE_FIELDS,
    check_facts,
    derived_services,
    incident_facts,
    timeline_of,
)


@dataclass
class IntakeData:
    """What a caller records: text, timeline, impact facts and links (ids)."""

    title: str
    description: str = ""
    reference: str | None = None
    timeline: dict[str, dt.datetime | None] = field(default_factory=dict)
    impact: dict[str, Any] = field(default_factory=dict)
    apparent_root_cause: str = ""
    crypto_services: list[str] = field(default_factory=list)
    function_ids: list[int] = field(default_factory=list)
    ict_asset_ids: list[int] = field(default_factory=list)
    provider_ids: list[int] = field(default_factory=list)
    arrangement_ids: list[int] = field(default_factory=list)
    affected_entity_ids: list[int] = field(default_factory=list)
    report_text: dict[str, Any] = field(default_factory=dict)


def person(user: Any) -> Any:
    """The user as a stored account, or None for a local operator (CLI) or the system."""
    return user if getattr(user, "pk", None) else None


def _linked(user: Any, model: Any, ids: list[int], path: str, entity: Any, own: bool) -> list:
    """Linked records, each in the user's scope (and of the incident's entity when `own`)."""
    from midora.core.permissions import scope

    qs = model._default_manager.all()
    found = {o.pk: o for o in scope(user, qs.filter(pk__in=ids))} if ids else {}
    out = []
    for index, pk in enumerate(ids):
        obj = found.get(pk)
        if obj is None or (own and getattr(obj, "entity_id", entity.pk) != entity.pk):
            raise ValidationError(
                {f"{path}[{index}]": [f"no record {pk} of {entity} in your scope"]}
            )
        out.append(obj)
    return out


def resolve_links(user: Any, entity: Any, data: IntakeData) -> dict[str, list]:
    """Business functions, assets, providers, arrangements and affected entities, checked."""
    from midora.core.choices import CryptoService
    from midora.core.models import BusinessFunction, LegalEntity
    from midora.ictrisk.models import ICTAsset
    from midora.suppliers.models import ContractualArrangement, ICTProvider

    for index, code in enumerate(data.crypto_services):
        if code not in CryptoService.values:
            raise ValidationError(
                {f"crypto_services[{index}]": [f"unknown crypto-asset service {code!r}"]}
            )
    return {
        "functions": _linked(
            user, BusinessFunction, data.function_ids, "function_ids", entity, True
        ),
        "ict_assets": _linked(user, ICTAsset, data.ict_asset_ids, "ict_asset_ids", entity, True),
        "providers": _linked(user, ICTProvider, data.provider_ids, "provider_ids", entity, False),
        "arrangements": _linked(
            user, ContractualArrangement, data.arrangement_ids, "arrangement_ids", entity, True
        ),
        "affected_entities": _linked(
            user, LegalEntity, data.affected_entity_ids, "affected_entity_ids", entity, False
        ),
    }


def widest_references(entity_id: int, prefix: str) -> QuerySet:
    """The entity's references starting with `prefix`, the widest, then greatest, first (a
    wider number is a greater one), in the order of the `incident_reference_width` index: the
    database reads the first few, whatever the number of the entity's references."""
    from midora.incidents.models import Incident

    rows = Incident.objects.filter(entity_id=entity_id, reference__startswith=prefix)
    return rows.order_by(Length("reference").desc(), "-reference").values_list("reference")


# the first ten: their SQL written once per year's prefix (read on every intake)
_widest_ten = CompiledRead(lambda entity_id, *, prefix: widest_references(entity_id, prefix)[:10])


def next_reference(entity: Any, year: int, exact: bool = False) -> str:
    """The entity's next free INC-<year>-NNNN. Read inside the write transaction, so only the
    widest, then greatest, references of the year are read. `exact` reads them all: after a
    clash with a reference typed by hand in the same pattern."""
    prefix = f"INC-{year}-"
    if exact:
        taken = list(widest_references(entity.pk, prefix).order_by())
    else:
        taken = _widest_ten(entity.pk, prefix=prefix)
    numbers = [int(r[len(prefix) :]) for (r,) in taken if r[len(prefix) :].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


def _incident_by_key(entity_id: int, key: str) -> QuerySet:
    from midora.incidents.models import Incident

    rows = Incident.objects.filter(entity_id=entity_id, idempotency_key=key)
    return rows.order_by().values_list("pk")[:1]  # unique per entity: the one row, unsorted


_keyed_incident = CompiledRead(_incident_by_key)  # every intake with a key looks


def intake(
    *,
    user: Any,
    entity: Any,
    data: IntakeData,
    source: str,
    idempotency_key: str | None = None,
    classify_now: bool = True,
) -> tuple[Any, bool]:
    """Record an incident once; a repeated idempotency key returns the first record, unchanged."""
    from midora.incidents.models import Incident

    permissions.require(permissions.can_create(user), "Your role cannot record incidents.")
    if not permissions.entity_allowed(user, entity.pk):
        raise ValidationError({"entity_id": [f"Legal entity {entity.pk} is not in your scope."]})
    if idempotency_key:  # unique per entity: a retried call reads its first record
        for (pk,) in _keyed_incident(entity.pk, idempotency_key):
            return Incident.objects.get(pk=pk), False
    if not data.title.strip():
        raise ValidationError({"title": ["a title is required"]})
    links = resolve_links(user, entity, data)
    services = derived_services(entity, links["functions"], data.crypto_services)
    facts = check_facts(entity, data.impact, data.timeline, services)
    for attempt in range(5):
        try:
            return _create(
                user, entity, data, source, idempotency_key, links, facts, classify_now, attempt
            )
        except IntegrityError:
            if idempotency_key:
                existing = Incident.objects.filter(entity=entity, idempotency_key=idempotency_key)
                if existing.exists():
                    return existing.get(), False
            if data.reference or attempt == 4:
                raise ValidationError(
                    {"reference": ["this incident reference already exists for the entity"]}
                ) from None
    raise AssertionError("unreachable")


def _create(
    user: Any,
    entity: Any,
    data: IntakeData,
    source: str,
    idempotency_key: str | None,
    links: dict[str, list],
    facts: Any,
    classify_now: bool,
    attempt: int = 0,
) -> tuple[Any, bool]:
    from midora.incidents.models import Incident

    incident = Incident(
        entity=entity,
        title=data.title.strip(),
        description=data.description,
        source=source,
        idempotency_key=idempotency_key or None,
        apparent_root_cause=data.apparent_root_cause,
        impact=data.impact,
        crypto_services=data.crypto_services,
        report_text=data.report_text,
        owner=person(user),
        reference=data.reference or "",
        **{k: data.timeline.get(k) for k in TIMELINE_FIELDS},
    )
    # Everything that reads or computes happens before the write transaction: on SQLite it
    # holds the database's single write lock (IMMEDIATE) until it commits.
    # the entity and the owner are records just read (the entity through the user's scope, the
    # owner the signed-in user): their existence is not read again
    incident.full_clean(
        exclude=["impact", "report_text", "crypto_services", "reference", "entity", "owner"],
        validate_unique=False,
        validate_constraints=False,  # the database decides races (IntegrityError below)
    )
    result = None
    if classify_now:
        result = classify(facts.impact, facts.entity.member_state, facts.timeline.aware_at)
        _mark_major(incident, result.major, timezone.now())
    year = (data.timeline.get("aware_at") or timezone.now()).year
    # Inside: the numbering read, the inserts, and one audit write for the whole record (one
    # read of the chain head, the events in one insert), with no savepoint.
    with transaction.atomic(), one_event_per_record():
        if connection.features.has_select_for_update:
            # one numbering at a time per entity (a row lock; SQLite serialises writers already)
            list(type(entity).objects.select_for_update().filter(pk=entity.pk).values_list("pk"))
        incident.reference = data.reference or next_reference(entity, year, exact=attempt > 0)
        incident.save()
        for name, objs in links.items():
            if objs:  # a new record has no links yet: add, without reading the ones it has
                getattr(incident, name).add(*objs)
        revision = record_revision(incident, user, "recorded", first=True)
        if result is not None:
            classify_incident(incident, user, facts=facts, result=result, revision=revision)
    return incident, True


def _mark_major(incident: Any, major: bool, now: dt.datetime) -> list[str]:
    """Set the major flag; the first major classification sets the classification time."""
    changed = []
    if incident.is_major != major:
        incident.is_major = major
        changed.append("is_major")
    if major and incident.classified_at is None:
        incident.classified_at = max(t for t in (incident.aware_at, incident.occurred_at, now) if t)
        changed.append("classified_at")
    return changed


def record_revision(incident: Any, user: Any, note: str = "", first: bool = False) -> Any:
    """Keep the current impact facts and timeline as a new revision (who, when, what)."""
    from midora.incidents.models import ImpactRevision

    last = 0 if first else incident.revisions.aggregate(n=Max("number"))["n"] or 0
    facts = {
        "impact": incident.impact,
        "timeline": {k: (v.isoformat() if v else None) for k, v in timeline_of(incident).items()},
    }
    return ImpactRevision.objects.create(
        incident=incident,
        number=last + 1,
        facts=facts,
        changed_by=person(user),
        actor=user.get_username() if person(user) else current_actor().name,
        note=note[:300],
    )


def update_facts(
    incident: Any,
    *,
    user: Any,
    version: int,
    impact: dict[str, Any] | None = None,
    timeline: dict[str, dt.datetime | None] | None = None,
    note: str = "",
) -> Any:
    """Change impact facts and/or timeline (version-checked), keep a revision, reclassify."""
    permissions.require(
        permissions.can_edit(user, incident), "Your role cannot edit this incident."
    )
    new_impact = incident.impact if impact is None else impact
    new_timeline = {**timeline_of(incident), **(timeline or {})}
    services = derived_services(
        incident.entity, incident.functions.all(), incident.crypto_services or []
    )
    check_facts(incident.entity, new_impact, new_timeline, services)
    with transaction.atomic():
        incident.version = version
        incident.impact = new_impact
        for key, value in new_timeline.items():
            setattr(incident, key, value)
        incident.save()
        record_revision(incident, user, note or "impact facts changed")
        classification = classify_incident(incident, user)
    return classification


def stored_result(row: Any) -> ClassificationResult:
    """A stored classification as the engine's result (to compare on reclassification)."""
    crits = [
        CriterionResult(c["key"], c["article"], c["met"], c["why"], c.get("estimated", False))
        for c in row.criteria
        if c["key"] != "major"
    ]
    flags = tuple(ReviewFlag(f["code"], f["reference"], f["message"]) for f in row.review_flags)
    return ClassificationResult(crits[0], tuple(crits[1:]), row.major, row.why, flags)


def classify_incident(
    incident: Any,
    user: Any = None,
    now: dt.datetime | None = None,
    facts: Any = None,
    result: ClassificationResult | None = None,
    revision: Any = None,
) -> Any:
    """RTS-C Art 8 on the current facts; keep the earlier result; apply ITS Art 5 if it drops.

    A new record passes its `result` and first `revision` (it has no earlier classification).
    """
    from midora.incidents.models import Classification

    now = now or timezone.now()
    facts = facts or incident_facts(incident)
    new_record = result is not None and revision is not None
    if result is None:
        result = classify(facts.impact, facts.entity.member_state, facts.timeline.aware_at)
    previous = (
        None
        if new_record
        else incident.classifications.filter(is_current=True).order_by("-pk").first()
    )
    decision = reclassification(stored_result(previous), result) if previous else None
    major = result.major or (decision is not None and decision.outcome == "remains_major")
    flags = result.review_flags + (decision.review_flags if decision else ())
    required, client_why = client_notification_required(
        _as_major(result) if major else result,
        facts.impact.impact_on_financial_interests_of_clients,
    )
    why = (
        result.why
        if decision is None or decision.outcome in ("no_change", "classify_as_major")
        else Sentence(
            "%(classification)s %(reclassification)s",
            classification=result.why,
            reclassification=decision.why,
        )
    )
    with transaction.atomic(savepoint=False):  # part of the caller's transaction if any
        if previous is not None:
            Classification.objects.filter(pk=previous.pk).update(is_current=False)
        row = Classification.objects.create(
            incident=incident,
            revision=revision or incident.revisions.order_by("-number").first(),
            major=major,
            why=why,
            criteria=criteria_rows(result),
            review_flags=flag_rows(flags),
            ruleset_version=result.ruleset_version,
            economic_impact_eur=result.economic_impact_eur,
            client_notification_required=required if isinstance(required, bool) else None,
            client_notification_why=client_why,
            reclassification=decision.outcome if decision else "",
            reclassification_why=decision.why if decision else "",
            sentences=sentence_rows(
                result,
                flags,
                why=why,
                client_notification_why=client_why,
                reclassification_why=decision.why if decision else "",
            ),
            owner=person(user),
        )
        if _mark_major(incident, major, now):
            incident.save()
    return row


def _as_major(result: ClassificationResult) -> ClassificationResult:
    from dataclasses import replace

    return replace(result, major=True)
