"""Verbs of `midora incident`: classify a file, create from a file, list, export a report."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from midora.core.cli_groups import command_group

STAGES = {
    "initial": "initial_notification",
    "intermediate": "intermediate_report",
    "final": "final_report",
    "reclassified": "major_incident_reclassified_as_non-major",
}
TIMELINE = ("occurred_at", "detected_at", "aware_at", "classified_at", "resolved_at")
FILE_KEYS = {
    "entity",
    "title",
    "description",
    "reference",
    "idempotency_key",
    *TIMELINE,
    "impact",
    "apparent_root_cause",
    "crypto_services",
    "functions",
    "ict_asset_ids",
    "provider_ids",
    "arrangement_ids",
    "affected_entity_ids",
    "report_text",
}


class LocalOperator:
    """Whoever runs the CLI on the machine that holds the database: every entity in scope."""

    is_authenticated = True
    is_superuser = True
    pk = None

    def get_username(self) -> str:
        from midora.core.audit import current_actor

        return current_actor().name


def _acting_user(username: str | None) -> Any:
    from django.contrib.auth import get_user_model

    from midora.cli import CommandError

    if not username:
        return LocalOperator()
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"no active user {username!r}")
    return user


def cmd_classify(args: argparse.Namespace) -> int:
    from midora.incidents.commands import classify as classify_cli

    return classify_cli.run(args.file, pretty=args.pretty, explain=args.explain)


def cmd_create(args: argparse.Namespace) -> int:
    from django.core.exceptions import ValidationError

    from midora.cli import CommandError
    from midora.core.audit import acting_as, actor_for_user
    from midora.core.models import BusinessFunction, LegalEntity
    from midora.incidents.choices import Source
    from midora.incidents.engine.errors import InvalidIncidentInput
    from midora.incidents.engine.schema import moment_value
    from midora.incidents.engine.vectors import load_document
    from midora.incidents.services.intake import IntakeData, intake

    user = _acting_user(args.as_user)
    try:
        doc = load_document(Path(args.file))
    except InvalidIncidentInput as exc:
        raise CommandError(str(exc)) from exc
    except OSError as exc:
        raise CommandError(f"cannot read {args.file}: {exc.strerror or exc}") from exc
    if not isinstance(doc, dict):
        raise CommandError(f"{args.file}: expected a mapping with entity, title, impact ...")
    unknown = sorted(set(doc) - FILE_KEYS)
    if unknown:
        raise CommandError(f"{args.file}: {unknown[0]}: unknown key")
    entity = LegalEntity.objects.filter(lei=str(doc.get("entity", ""))).first()
    if entity is None:
        raise CommandError(f"{args.file}: entity: no legal entity with LEI {doc.get('entity')!r}")
    try:
        timeline = {k: moment_value(doc.get(k), k) for k in TIMELINE}
        functions = []
        for index, identifier in enumerate(doc.get("functions") or []):
            function = BusinessFunction.objects.filter(entity=entity, identifier=identifier).first()
            if function is None:
                raise CommandError(
                    f"{args.file}: functions[{index}]: no function {identifier!r} of {entity}"
                )
            functions.append(function.pk)
        data = IntakeData(
            title=str(doc.get("title") or ""),
            description=str(doc.get("description") or ""),
            reference=doc.get("reference"),
            timeline=timeline,
            impact=doc.get("impact") or {},
            apparent_root_cause=str(doc.get("apparent_root_cause") or ""),
            crypto_services=list(doc.get("crypto_services") or []),
            function_ids=functions,
            ict_asset_ids=list(doc.get("ict_asset_ids") or []),
            provider_ids=list(doc.get("provider_ids") or []),
            arrangement_ids=list(doc.get("arrangement_ids") or []),
            affected_entity_ids=list(doc.get("affected_entity_ids") or []),
            report_text=doc.get("report_text") or {},
        )
        if person_of(user):
            with acting_as(actor_for_user(user, "cli")):
                incident, created = _intake(intake, user, entity, data, Source, doc)
        else:
            incident, created = _intake(intake, user, entity, data, Source, doc)
    except InvalidIncidentInput as exc:
        raise CommandError(f"{args.file}: {exc}") from exc
    except ValidationError as exc:
        details = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
        raise CommandError(f"{args.file}: {details}") from exc
    verb = "Recorded" if created else "Already recorded (same idempotency key)"
    major = "major" if incident.is_major else "not major"
    print(f"{verb}: {incident.reference} (id {incident.pk}), {major}.")
    return 0


def person_of(user: Any) -> bool:
    return getattr(user, "pk", None) is not None


def _intake(intake: Any, user: Any, entity: Any, data: Any, source: Any, doc: dict) -> Any:
    return intake(
        user=user,
        entity=entity,
        data=data,
        source=source.CLI,
        idempotency_key=doc.get("idempotency_key"),
    )


def cmd_list(args: argparse.Namespace) -> int:
    from midora.core import permissions
    from midora.incidents.models import Incident
    from midora.incidents.services.reporting import clock_for

    user = _acting_user(args.as_user)
    qs = permissions.scope(user, Incident.objects.select_related("entity")).order_by(
        "-aware_at", "-pk"
    )
    if args.entity:
        qs = qs.filter(entity__lei=args.entity)
    if args.major:
        qs = qs.filter(is_major=True)
    rows = []
    for incident in qs:
        open_entries = [e for e in clock_for(incident) if e.open]
        next_due = min(open_entries, key=lambda e: e.deadline.due) if open_entries else None
        rows.append(
            {
                "id": incident.pk,
                "reference": incident.reference,
                "entity": incident.entity.name,
                "title": incident.title,
                "aware_at": incident.aware_at.isoformat() if incident.aware_at else None,
                "major": incident.is_major,
                "status": incident.status,
                "next_report": next_due.stage if next_due else None,
                "next_due": next_due.deadline.due.isoformat() if next_due else None,
                "next_state": next_due.state if next_due else None,
            }
        )
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    for r in rows:
        due = f"  {r['next_report']} {r['next_state']} {r['next_due']}" if r["next_due"] else ""
        print(
            f"{r['id']:>6}  {r['reference']:<14} {'MAJOR' if r['major'] else 'minor':<6}"
            f"{r['status']:<9}{r['entity'][:30]:<31}{r['title'][:50]}{due}"
        )
    print(f"{len(rows)} incident(s).", file=sys.stderr)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from midora.cli import CommandError
    from midora.core import permissions
    from midora.incidents.engine.report_content import validate_report
    from midora.incidents.models import Incident, IncidentReport
    from midora.incidents.services.pdf import report_pdf
    from midora.incidents.services.reporting import report_content

    user = _acting_user(args.as_user)
    qs = permissions.scope(user, Incident.objects.select_related("entity"))
    key = args.incident
    incident = (qs.filter(pk=int(key)) if key.isdigit() else qs.filter(reference=key)).first()
    if incident is None:
        raise CommandError(f"no incident {key!r} in scope")
    stage = STAGES[args.stage]
    report = incident.reports.filter(stage=stage).order_by("-pk").first() or IncidentReport(
        incident=incident, stage=stage
    )
    if args.format == "pdf":
        if not args.output:
            raise CommandError("--output FILE is required for a PDF")
        Path(args.output).write_bytes(report_pdf(report))
        print(f"Wrote {args.output}.", file=sys.stderr)
        return 0
    content = report_content(report)
    text = json.dumps(content, indent=2, ensure_ascii=False)
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
        print(f"Wrote {args.output}.", file=sys.stderr)
    else:
        print(text)
    problems = validate_report(content)
    for problem in problems:
        print(f"schema: {problem}", file=sys.stderr)
    return 1 if problems else 0


def register(subparsers: Any) -> None:
    verbs = command_group(
        subparsers,
        "incident",
        help="classify incident files, record, list and export incident reports",
    )

    from midora.incidents.commands.classify import add_arguments

    p = verbs.add_parser(
        "classify", help="classify a YAML/JSON file of cases (worked-examples format) as JSON"
    )
    add_arguments(p)
    p.set_defaults(handler=cmd_classify)

    p = verbs.add_parser("create", help="record an incident from a YAML or JSON file")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--as", dest="as_user", metavar="USERNAME", help="act as this user")
    p.set_defaults(handler=cmd_create)

    p = verbs.add_parser("list", help="list incidents with their next report deadline")
    p.add_argument("--entity", metavar="LEI")
    p.add_argument("--major", action="store_true", help="only major incidents")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--as", dest="as_user", metavar="USERNAME", help="act as this user")
    p.set_defaults(handler=cmd_list)

    p = verbs.add_parser("report", help="export a report (IR-1.2.1 JSON or PDF)")
    p.add_argument("incident", metavar="ID", help="incident id or reference")
    p.add_argument("--stage", choices=sorted(STAGES), default="initial")
    p.add_argument("--format", choices=["json", "pdf"], default="json")
    p.add_argument("--output", metavar="FILE")
    p.add_argument("--as", dest="as_user", metavar="USERNAME", help="act as this user")
    p.set_defaults(handler=cmd_report)
