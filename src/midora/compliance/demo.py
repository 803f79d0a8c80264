"""Demo step: catalogues, control library, unevenly evidenced controls with stored files,
and a gap assessment per regime in progress (plus a completed DORA baseline to compare with)."""

from __future__ import annotations

import datetime as dt

from midora.compliance.assessment_service import create_assessment, open_action
from midora.compliance.catalogue_loader import load_catalogue_files, store_control_library
from midora.compliance.engine.control_library import load_control_library
from midora.compliance.evidence_store import store_bytes
from midora.compliance.models import (
    Assessment,
    Control,
    Evidence,
    EvidenceLink,
    EvidenceVersion,
    Mapping,
)
from midora.core import audit
from midora.core.audit_bulk import link_in_bulk, update_in_bulk

ORDER = 20
EVIDENCE_PER_SCALE = 200
# control families whose evidence is usually a policy, an approval, a report ...
CATEGORY_BY_FAMILY = {
    "GOV": "approval",
    "ISMS": "policy",
    "RISK": "report",
    "ASSET": "record",
    "IAM": "record",
    "KEY": "procedure",
    "SDLC": "record",
    "LOG": "record",
    "IR": "procedure",
    "BAK": "report",
    "BCM": "report",
    "TPR": "contract",
    "TEST": "report",
    "TRN": "record",
    "REC": "policy",
}
SYSTEMS = [
    "Confluence ISMS space",
    "SharePoint, Compliance library, Policies",
    "Jira GRC project",
    "ServiceNow change records",
    "Splunk SIEM saved searches",
    "Board portal (Diligent)",
    "HR learning platform",
]
# Controls an entity runs locally at scale: (library control, suffix for the title).
LOCAL_VARIANTS = [
    ("CTL-IAM-03", "local access review"),
    ("CTL-BCM-02", "local continuity test"),
    ("CTL-KEY-01", "local key ceremony"),
]


def _freshness_dates(ctx, state: str, interval: int) -> tuple[dt.date, dt.date | None]:
    """An effective-from date (and approval date) giving the wanted freshness state today."""
    today = ctx.today
    if state == "current":
        start = today - dt.timedelta(days=ctx.rng.randint(5, max(6, interval - 45)))
    elif state == "due_soon":
        start = today - dt.timedelta(days=interval - ctx.rng.randint(1, 25))
    else:
        start = today - dt.timedelta(days=interval + ctx.rng.randint(10, 300))
    approved = start + dt.timedelta(days=ctx.rng.randint(0, 3)) if ctx.rng.random() < 0.7 else None
    if approved and approved > today:
        approved = today
    return start, approved


def _file_content(title: str, entity: str, start: dt.date, number: int) -> tuple[bytes, str]:
    body = (
        f"{title}\nLegal entity: {entity}\nCovers period from {start.isoformat()}\n"
        f"Version {number}\nPrepared for the compliance evidence index of the group.\n"
    )
    if number % 2:
        pdf = (
            "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
            f"% {body.replace(chr(10), ' | ')}\ntrailer << /Root 1 0 R >>\n%%EOF\n"
        )
        return pdf.encode(), "pdf"
    return body.encode(), "txt"


def _variants(ctx, library_controls: dict[str, Control], entities: dict) -> list[Control]:
    """At --scale N, each further subsidiary runs local variants of a few library controls."""
    extra = [(key, e) for key, e in entities.items() if key.startswith("x")]
    made, mappings = [], []
    offered = {e.pk: set(e.offerings.values_list("service", flat=True)) for _key, e in extra}
    for key, entity in extra:
        for base_code, suffix in LOCAL_VARIANTS:
            if base_code == "CTL-KEY-01" and "custody" not in offered[entity.pk]:
                continue
            base = library_controls[base_code]
            made.append(
                Control(
                    code=f"{base_code}-{key.upper()}"[:30],
                    title=f"{base.title}: {suffix} ({entity.country})"[:200],
                    area=base.area,
                    description=base.description,
                    control_type=base.control_type,
                    frequency=base.frequency,
                    expected_evidence=base.expected_evidence,
                    owner=ctx.refs["users"]["ciso"],
                )
            )
    Control.objects.bulk_create(made)
    audit.record_created(made)
    links = []
    base_mappings = {}
    for control in made:
        base_code = control.code.rsplit("-", 1)[0]
        entity = entities[control.code.rsplit("-", 1)[1].lower()]
        links.append((control.pk, entity.pk))
        if base_code not in base_mappings:
            base_mappings[base_code] = list(library_controls[base_code].mappings.all())
        for m in base_mappings[base_code]:
            mappings.append(
                Mapping(
                    control=control,
                    requirement_id=m.requirement_id,
                    coverage=m.coverage,
                    rationale=m.rationale,
                    source=Mapping.Source.USER,
                )
            )
    link_in_bulk(Control, "entities", links)
    Mapping.objects.bulk_create(mappings, batch_size=2000)
    audit.record_created(mappings)
    return made


def _evidence(ctx, entities: dict) -> None:
    users = ctx.refs["users"]
    target = EVIDENCE_PER_SCALE * ctx.scale
    pairs = [
        (entity, control)
        for entity in entities.values()
        for control in entity.controls.filter(retired=False).order_by("code")
    ]
    ctx.rng.shuffle(pairs)
    # 15 % of controls per entity stay without evidence (missing); the rest share the target.
    evidenced = [p for p in pairs if ctx.rng.random() >= 0.15]
    items, link_plan, version_plan = [], [], []
    index = 0
    while len(items) < target and evidenced:
        entity, control = evidenced[index % len(evidenced)]
        index += 1
        family = control.code.split("-")[1]
        interval = {"annual": 365, "semi-annual": 182, "quarterly": 91, "monthly": 31}.get(
            control.frequency, 365
        )
        state = ctx.rng.choices(["current", "due_soon", "stale"], weights=[55, 15, 30])[0]
        start, approved = _freshness_dates(ctx, state, interval)
        examples = control.expected_evidence or [control.title]
        title = f"{examples[index % len(examples)]} {start:%Y-%m}"[:200]
        is_file = ctx.rng.random() < 0.75
        evidence = Evidence(
            entity=entity,
            title=title,
            kind=Evidence.Kind.FILE if is_file else Evidence.Kind.REFERENCE,
            category=CATEGORY_BY_FAMILY.get(family, "record"),
            description=f"Shows that {control.code} operates at {entity.name}.",
            location="Evidence store"
            if is_file
            else f"{ctx.rng.choice(SYSTEMS)}, record {control.code}-{index:05d}",
            effective_from=start,
            effective_to=start + dt.timedelta(days=interval + 60)
            if ctx.rng.random() < 0.2
            else None,
            review_interval_days=interval,
            approved_by=users["compliance"] if approved else None,
            approved_on=approved,
            owner=users["engineer"] if entity.country == "DE" else users["ciso"],
        )
        evidence.refresh_review_due()  # bulk_create below does not call save()
        items.append(evidence)
        shared = [control]
        if ctx.rng.random() < 0.3:  # one policy or report often supports a second control
            other = evidenced[ctx.rng.randrange(len(evidenced))]
            if other[0] is entity and other[1] is not control:
                shared.append(other[1])
        link_plan.append(shared)
        version_plan.append(2 if is_file and ctx.rng.random() < 0.25 else (1 if is_file else 0))
    Evidence.objects.bulk_create(items, batch_size=2000)
    audit.record_created(items)
    links, versions = [], []
    for evidence, controls, count in zip(items, link_plan, version_plan, strict=True):
        links += [EvidenceLink(evidence=evidence, control=c) for c in controls]
        for number in range(1, count + 1):
            content, extension = _file_content(
                evidence.title, evidence.entity.name, evidence.effective_from, number
            )
            blob = store_bytes(content, durable=False)
            versions.append(
                EvidenceVersion(
                    evidence=evidence,
                    number=number,
                    sha256=blob.sha256,
                    size=blob.size,
                    original_name=f"{evidence.title.replace(' ', '-')}-v{number}.{extension}",
                    content_type="application/pdf" if extension == "pdf" else "text/plain",
                    uploaded_by=evidence.owner,
                    owner=evidence.owner,
                )
            )
    EvidenceLink.objects.bulk_create(links, batch_size=2000)
    audit.record_created(links)
    EvidenceVersion.objects.bulk_create(versions, batch_size=2000)
    audit.record_created(versions)
    ctx.count("evidence items", len(items))
    ctx.count("evidence files stored", len(versions))
    ctx.count("evidence-control links", len(links))


def _work_through(ctx, assessment: Assessment, share: float, drift: int = 0) -> list:
    """The assessor confirms `share` of the suggestions (sometimes disagreeing)."""
    results = list(assessment.results.select_related("requirement"))
    ctx.rng.shuffle(results)
    done = results[: int(len(results) * share)]
    statuses = ["met", "partially_met", "not_met"]
    for result in done:
        status = result.suggested_status
        if ctx.rng.random() < 0.2:
            status = ctx.rng.choice(statuses)
        if drift and ctx.rng.random() < 0.35:  # the earlier assessment found more gaps
            status = statuses[min(2, max(0, statuses.index(status) - drift))]
        maturity = min(5, max(0, (result.suggested_maturity or 0) + ctx.rng.choice([-1, 0, 0, 1])))
        result.status = status
        result.current_maturity = maturity
        result.rationale = (
            f"Confirmed against the evidence index; {result.suggestion}."
            if status == result.suggested_status
            else f"Assessor's judgement differs from the suggestion ({result.suggestion})."
        )
    update_in_bulk(done, ["status", "current_maturity", "rationale"], batch_size=1000)
    return done


def _assessments(ctx, entities: dict) -> None:
    users = ctx.refs["users"]
    scope = [entities[k] for k in ("fr", "de", "ie")]
    baseline = create_assessment(
        title="DORA baseline (last year)",
        regime="DORA",
        entities=scope,
        started_on=ctx.today - dt.timedelta(days=200),
        owner=users["ciso"],
    )
    _work_through(ctx, baseline, 1.0, drift=-1)
    baseline.status = Assessment.Status.COMPLETED
    baseline.completed_on = ctx.today - dt.timedelta(days=170)
    baseline.save()
    for regime, title, owner in (
        ("MICA", "MiCA readiness review", users["compliance"]),
        ("DORA", "DORA and RTS gap assessment", users["ciso"]),
    ):
        assessment = create_assessment(
            title=title,
            regime=regime,
            entities=scope,
            started_on=ctx.today - dt.timedelta(days=20),
            owner=owner,
        )
        done = _work_through(ctx, assessment, 0.6)
        gaps = [r for r in done if r.status == "not_met"][:8]
        for result in gaps:
            open_action(result, owner)
        ctx.count(f"{regime} assessment results", assessment.results.count())
    ctx.count("gap assessments", 3)


def load(ctx) -> None:
    load_catalogue_files()
    entities = ctx.refs["entities"]
    library = load_control_library()
    store_control_library(library, list(entities.values()))
    library_controls = {c.code: c for c in Control.objects.all()}
    variants = _variants(ctx, library_controls, entities)
    ctx.count("controls", len(library_controls) + len(variants))
    ctx.count("control mappings", Mapping.objects.count())
    _evidence(ctx, entities)
    _assessments(ctx, entities)
