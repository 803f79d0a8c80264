"""Demo: the Irish applicant's dossier in progress before the Central Bank of Ireland."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from midora.authorisation.choices import FitAndProper, ItemStatus, PersonRole, RequestStage
from midora.authorisation.models import InformationRequest, ItemEvidence, Person
from midora.authorisation.services import open_dossier
from midora.compliance.evidence_store import store_bytes
from midora.compliance.models import Evidence, EvidenceVersion

ORDER = 70

# title, category, file name, days before today the document was approved
DOCUMENTS = {
    "plan": (
        "Programme of operations and business plan 2027-2029",
        "policy",
        "programme-of-operations.pdf",
        40,
    ),
    "org": ("Organisational chart and governance map", "record", "organisation-chart.pdf", 45),
    "aml": ("AML/CFT policy and business-wide risk assessment", "policy", "aml-cft-policy.pdf", 60),
    "bcp": (
        "Business continuity plan (incl. wind-down)",
        "policy",
        "business-continuity-plan.pdf",
        70,
    ),
    "ict": ("ICT risk management framework", "policy", "ict-risk-framework.pdf", 50),
    "complaints": ("Complaints-handling procedure", "procedure", "complaints-procedure.pdf", 30),
    "execution": ("Order execution policy", "policy", "execution-policy.pdf", 25),
    "capital": ("Own funds calculation and capital confirmation", "report", "own-funds.pdf", 35),
    "conflicts": (
        "Conflicts of interest policy and register",
        "policy",
        "conflicts-policy.pdf",
        55,
    ),
}

# item -> (status, answer, documents)
ANSWERS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "MICA-RTS305-1.a": (
        ItemStatus.APPROVED,
        "**Aurora Brokerage Ireland Ltd**, 2 Grand Canal Square, Dublin 2.  \nTelephone +353 1 555 0100 · regulatory@aurora-digital.example",
        ("org",),
    ),
    "MICA-RTS305-1.b": (
        ItemStatus.APPROVED,
        "The applicant trades as *Aurora Brokerage* and plans no other trading name.",
        ("org",),
    ),
    "MICA-RTS305-1.c": (
        ItemStatus.APPROVED,
        "LEI recorded in the GLEIF database; see the registration certificate.",
        (),
    ),
    "MICA-RTS305-1.d": (
        ItemStatus.APPROVED,
        "Contact person: Siobhán Keane, Head of Compliance, siobhan.keane@aurora-digital.example, +353 1 555 0142.",
        ("org",),
    ),
    "MICA-RTS305-1.e": (
        ItemStatus.IN_REVIEW,
        "Private company limited by shares (LTD) under the Companies Act 2014, CRO number 712345.",
        (),
    ),
    "MICA-RTS305-2.1.a": (
        ItemStatus.APPROVED,
        "The applicant is a wholly owned subsidiary of **Aurora Digital Holding S.A.** (Luxembourg). Group custody is provided by Aurora Custody France SAS; the Irish entity does not hold client crypto-assets.",
        ("plan", "org"),
    ),
    "MICA-RTS305-2.1.c": (
        ItemStatus.APPROVED,
        "Services applied for (MiCA Art. 3(1)(16)):\n\n- reception and transmission of orders (h)\n- execution of orders on behalf of clients (e)\n- advice on crypto-assets (i)\n- transfer services (j)\n\nCrypto-asset types: BTC, ETH and the EMTs EURC and USDC.",
        ("plan",),
    ),
    "MICA-RTS305-2.1.f": (
        ItemStatus.IN_REVIEW,
        "Ireland from launch; passporting to the Netherlands and Finland in year 2 (Art. 65). Client forecast: 8,000 (Y1), 21,000 (Y2), 40,000 (Y3).",
        ("plan",),
    ),
    "MICA-RTS305-2.1.g": (
        ItemStatus.DRAFTED,
        "Retail clients aged 18+ resident in the EEA; professional clients by request.",
        (),
    ),
    "MICA-RTS305-2.1.k": (
        ItemStatus.APPROVED,
        "Outsourcing policy approved by the board on 3 September. Planned arrangements: cloud hosting (critical), KYC provider (critical), market data (not critical).",
        ("plan",),
    ),
    "MICA-RTS305-2.1.m": (
        ItemStatus.DRAFTED,
        "Three-year forecast with a base case and two stress scenarios (-60 % volumes; loss of the liquidity provider).",
        ("plan", "capital"),
    ),
    "MICA-RTS305-2.2": (
        ItemStatus.DRAFTED,
        "Orders are transmitted within one second to the group trading platform; transmission records are kept five years.",
        (),
    ),
    "MICA-RTS305-3.a.i": (
        ItemStatus.APPROVED,
        "Permanent minimum capital EUR 75,000 (Art. 67(1), Annex IV class 2 for execution); one quarter of fixed overheads EUR 412,500 is higher and applies.",
        ("capital",),
    ),
    "MICA-RTS305-3.a.ii": (
        ItemStatus.APPROVED,
        "Covered entirely by CET1 own funds of EUR 1.5 million paid in by the parent.",
        ("capital",),
    ),
    "MICA-RTS305-3.e.i.1": (
        ItemStatus.IN_REVIEW,
        "Calculation of own funds as at 30 September, signed by the CFO.",
        ("capital",),
    ),
    "MICA-RTS305-4.1.a": (
        ItemStatus.APPROVED,
        "Board of three (two non-executive); compliance, risk and internal audit report directly to the board.",
        ("org",),
    ),
    "MICA-RTS305-4.2.a.i": (
        ItemStatus.APPROVED,
        "The conflicts policy identifies conflicts between the group platform (execution venue) and clients and prevents them by the order-routing rules of the execution policy.",
        ("conflicts",),
    ),
    "MICA-RTS305-4.2.b.ii": (
        ItemStatus.DRAFTED,
        "The conflicts register is kept by compliance and reviewed quarterly.",
        ("conflicts",),
    ),
    "MICA-RTS305-5.1": (
        ItemStatus.APPROVED,
        "The BCP covers order handling, transfer services and client communication; RTO 4 hours for order handling; annual test with the group.",
        ("bcp",),
    ),
    "MICA-RTS305-5.2.a": (
        ItemStatus.IN_REVIEW,
        "Tested on 14 October (failover to the secondary region); report and remediation actions attached.",
        ("bcp",),
    ),
    "MICA-RTS305-6.a.i": (
        ItemStatus.APPROVED,
        "Retail clients in the EEA; higher-risk segments (PEPs, clients in high-risk third countries) are refused at onboarding.",
        ("aml",),
    ),
    "MICA-RTS305-6.b": (
        ItemStatus.DRAFTED,
        "Business-wide risk assessment, CDD with electronic identification, transaction monitoring and Travel Rule messages (Reg. 2023/1113).",
        ("aml",),
    ),
    "MICA-RTS305-6.d": (
        ItemStatus.APPROVED,
        "MLRO: Declan Byrne (pre-approval controlled function PCF-15 requested).",
        ("aml",),
    ),
    "MICA-RTS305-7.1.a": (
        ItemStatus.DRAFTED,
        "See the people register: three board members and two key function holders.",
        (),
    ),
    "MICA-RTS305-8.a": (
        ItemStatus.APPROVED,
        "100 % held by Aurora Digital Holding S.A.; no other qualifying holding.",
        ("org",),
    ),
    "MICA-RTS305-9.a.i": (
        ItemStatus.APPROVED,
        "ICT risk framework aligned with DORA and RTS 2024/1774, shared with the group; valid for this MiCA item because it covers the Irish entity's order handling and transfer systems.",
        ("ict",),
    ),
    "MICA-RTS305-9.a.iii": (
        ItemStatus.DRAFTED,
        "Security monitoring by the group SOC; incident classification per RTS 2024/1772.",
        ("ict",),
    ),
    "MICA-RTS305-11.a": (
        ItemStatus.APPROVED,
        "Two complaints officers; complaints tool with an audit trail.",
        ("complaints",),
    ),
    "MICA-RTS305-11.f": (
        ItemStatus.APPROVED,
        "Acknowledgement within 5 business days; final answer within 2 months.",
        ("complaints",),
    ),
    "MICA-RTS305-15.b": (
        ItemStatus.IN_REVIEW,
        "Orders are executed on the group platform and two third-party venues; venues are assessed quarterly on price, cost, speed and likelihood of execution.",
        ("execution",),
    ),
    "MICA-RTS305-15.d": (
        ItemStatus.APPROVED,
        "Total consideration (price and costs) is the decisive factor for retail clients.",
        ("execution",),
    ),
}

PEOPLE = [
    (
        "Aoife Gallagher",
        PersonRole.MANAGEMENT_BODY,
        "Chief executive officer",
        FitAndProper.FIT,
        None,
    ),
    (
        "Markus Heller",
        PersonRole.MANAGEMENT_BODY,
        "Non-executive director (chair)",
        FitAndProper.FIT,
        None,
    ),
    (
        "Claire Dubois",
        PersonRole.MANAGEMENT_BODY,
        "Independent non-executive director",
        FitAndProper.NOT_ASSESSED,
        None,
    ),
    ("Siobhán Keane", PersonRole.KEY_FUNCTION, "Head of compliance", FitAndProper.FIT, None),
    (
        "Declan Byrne",
        PersonRole.KEY_FUNCTION,
        "Money laundering reporting officer",
        FitAndProper.CONDITIONS,
        None,
    ),
    (
        "Aurora Digital Holding S.A.",
        PersonRole.QUALIFYING_HOLDER,
        "Parent company",
        FitAndProper.FIT,
        Decimal("100"),
    ),
]


def _documents(ctx, entity, owner) -> dict[str, Evidence]:
    out = {}
    for key, (title, category, name, days) in DOCUMENTS.items():
        approved = ctx.today - dt.timedelta(days=days)
        evidence = Evidence(
            entity=entity,
            title=title,
            category=category,
            location="Evidence store",
            effective_from=approved - dt.timedelta(days=10),
            review_interval_days=365,
            approved_by=owner,
            approved_on=approved,
            owner=owner,
        )
        evidence.save()
        for number in (1, 2) if key == "bcp" else (1,):
            content = f"{title}\n{entity.name}\nversion {number}\n".encode()
            blob = store_bytes(content, durable=False)
            EvidenceVersion(
                evidence=evidence,
                number=number,
                sha256=blob.sha256,
                size=blob.size,
                original_name=name,
                content_type="application/pdf",
                uploaded_by=owner,
                owner=owner,
            ).save()
        out[key] = evidence
    return out


def load(ctx) -> None:
    entity = ctx.refs["entities"]["ie"]
    users = ctx.refs["users"]
    drafter, reviewer = users["ciso"], users["compliance"]
    docs = _documents(ctx, entity, drafter)
    dossier, _report = open_dossier(
        entity, "CASP authorisation application to the Central Bank of Ireland"
    )
    items = {i.requirement.ref: i for i in dossier.items.select_related("requirement")}
    now = timezone.now()
    for ref, (status, answer, keys) in ANSWERS.items():
        item = items[ref]
        item.answer, item.status, item.owner, item.reviewer = answer, status, drafter, reviewer
        if status == ItemStatus.APPROVED:
            item.approved_by, item.approved_at = (
                reviewer,
                now - dt.timedelta(days=ctx.rng.randint(2, 20)),
            )
        item.save()
        for key in keys:
            evidence = docs[key]
            # the BCP got a version 2 after the answers pinned version 1: not current any more
            pinned = evidence.versions.order_by("number").first()
            ItemEvidence(
                item=item,
                evidence=evidence,
                pinned_version=pinned,
                statement=f"Valid for MiCA item {ref} because it is the applicant's approved "
                f"{evidence.title.lower()} and describes what the item asks for.",
                owner=drafter,
            ).save()
    for name, role, position, fit, holding in PEOPLE:
        Person(
            entity=entity,
            full_name=name,
            role=role,
            position=position,
            appointed_on=ctx.today - dt.timedelta(days=ctx.rng.randint(90, 900)),
            holding_percent=holding,
            fit_and_proper=fit,
            assessed_on=ctx.today - dt.timedelta(days=30)
            if fit != FitAndProper.NOT_ASSESSED
            else None,
            owner=reviewer,
        ).save()
    dossier.received_on = ctx.today - dt.timedelta(days=48)
    dossier.acknowledged_on = dossier.received_on + dt.timedelta(days=3)
    dossier.complete_on = ctx.today - dt.timedelta(days=14)
    dossier.status = "submitted"
    dossier.save()
    closed = InformationRequest(
        dossier=dossier,
        reference="CBI/CASP/2026/118-1",
        stage=RequestStage.COMPLETENESS,
        sent_on=dossier.received_on + dt.timedelta(days=14),
        due_on=dossier.received_on + dt.timedelta(days=28),
        question="Provide the own funds calculation signed by the CFO and the conflicts register.",
        answered_on=dossier.received_on + dt.timedelta(days=25),
        response="Both documents uploaded to the CBI Portal.",
        owner=reviewer,
    )
    closed.save()
    closed.items.set([items["MICA-RTS305-3.e.i.1"], items["MICA-RTS305-4.2.b.ii"]])
    open_request = InformationRequest(
        dossier=dossier,
        reference="CBI/CASP/2026/118-2",
        stage=RequestStage.ASSESSMENT,
        sent_on=ctx.today - dt.timedelta(days=5),
        due_on=ctx.today + dt.timedelta(days=12),
        question="Explain how transaction monitoring covers transfers to self-hosted addresses "
        "(Reg. 2023/1113 Art. 14(5)) and describe the SOC escalation to the Irish entity.",
        owner=reviewer,
    )
    open_request.save()
    open_request.items.set([items["MICA-RTS305-6.b"], items["MICA-RTS305-9.a.iii"]])
    ctx.count("authorisation dossier items", dossier.items.count())
    ctx.count("  answered", len(ANSWERS))
    ctx.count("people (fit and proper)", len(PEOPLE))
