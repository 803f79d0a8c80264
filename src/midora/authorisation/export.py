"""The application file as one zip: answers PDF (RTS article order, table of contents), index
workbook, attached documents and a manifest of every file with its SHA-256.

Layout of `<LEI>-authorisation-dossier-<date>.zip`:

    answers.pdf              the answers, article by article, with a table of contents
    index.xlsx               one row per item: id, article, status, complete, documents + SHA-256
    documents/<item>/<file>  the pinned version of every attached document
    manifest.json            every file above with its size and SHA-256 (format midora-dossier/1)
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from midora.authorisation.models import Dossier, Person
from midora.authorisation.services import DossierState, dossier_state
from midora.compliance.evidence_store import blob_path, sanitise_filename

MANIFEST_FORMAT = "midora-dossier/1"


@dataclass(frozen=True)
class ExportResult:
    path: Path
    files: int
    documents: int
    missing: list[str]


def answers_pdf(dossier: Dossier, state: DossierState) -> bytes:
    """The answers in the order of the RTS articles, each article a chapter with its items."""
    from weasyprint import HTML

    from midora.authorisation.templatetags.dossier import render_markdown

    chapters: dict[str, list[dict[str, Any]]] = {}
    for item, result in state.rows:
        chapters.setdefault(item.requirement.article, []).append(
            {
                "item": item,
                "result": result,
                "answer_html": render_markdown(item.answer),
                "attachments": list(item.attachments.all()),
            }
        )
    people = Person.objects.filter(entity_id=dossier.entity_id).order_by("role", "full_name")
    html = render_to_string(
        "authorisation/export_answers.html",
        {
            "dossier": dossier,
            "state": state,
            "chapters": [(a, state.titles.get(a, ""), chapters[a]) for a in state.articles],
            "people": people,
            "generated": timezone.localtime(),
        },
    )
    return HTML(string=html).write_pdf()


def index_workbook(state: DossierState, document_names: dict[int, str]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Items"
    sheet.append(
        [
            "Item",
            "Article",
            "Title",
            "Answer status",
            "Complete",
            "Why not complete",
            "Document",
            "Version",
            "File in the zip",
            "SHA-256",
        ]
    )
    for item, result in state.rows:
        base = [
            item.requirement.ref,
            int(item.requirement.article),
            item.requirement.title,
            item.get_status_display(),
            "yes" if result.complete else "no",
            "; ".join(result.reasons),
        ]
        attachments = list(item.attachments.all())
        if not attachments:
            sheet.append([*base, "", "", "", ""])
        for a in attachments:
            version = a.pinned_version
            sheet.append(
                [
                    *base,
                    a.evidence.title,
                    version.number if version else "",
                    document_names.get(a.pk, ""),
                    version.sha256 if version else "",
                ]
            )
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_dossier(dossier: Dossier, output_dir: Path) -> ExportResult:
    """Write the zip into `output_dir`; every file's SHA-256 is listed in manifest.json."""
    state = dossier_state(dossier)
    today = timezone.localdate()
    output_dir.mkdir(parents=True, exist_ok=True)
    target = output_dir / f"{dossier.entity.lei}-authorisation-dossier-{today.isoformat()}.zip"
    entries: list[dict[str, Any]] = []
    missing: list[str] = []
    names: dict[int, str] = {}
    tmp = target.with_suffix(".zip.part")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:

        def add(name: str, content: bytes, **extra: Any) -> None:
            archive.writestr(name, content)
            entries.append(
                {
                    "path": name,
                    "size": len(content),
                    "sha256": hashlib.sha256(content).hexdigest(),
                    **extra,
                }
            )

        documents = 0
        for item, _result in state.rows:
            for a in item.attachments.all():
                version = a.pinned_version
                if version is None:
                    continue
                path = blob_path(version.sha256)
                if not path.is_file():
                    missing.append(f"{item.requirement.ref}: {a.evidence.title} v{version.number}")
                    continue
                name = (
                    f"documents/{item.requirement.ref}/"
                    f"v{version.number}-{sanitise_filename(version.original_name)}"
                )
                names[a.pk] = name
                add(
                    name,
                    path.read_bytes(),
                    item=item.requirement.ref,
                    evidence=a.evidence.title,
                    version=version.number,
                )
                documents += 1
        add("answers.pdf", answers_pdf(dossier, state))
        add("index.xlsx", index_workbook(state, names))
        manifest = {
            "format": MANIFEST_FORMAT,
            "entity": {"name": dossier.entity.name, "lei": dossier.entity.lei},
            "authority": dossier.entity.authority.code if dossier.entity.authority_id else None,
            "generated_at": timezone.now().isoformat(timespec="seconds"),
            "regulation": "Delegated Regulation (EU) 2025/305",
            "completeness": {
                "complete": state.overall.complete,
                "total": state.overall.total,
                "percent": state.overall.percent,
            },
            "files": entries,
        }
        archive.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
    tmp.replace(target)
    return ExportResult(target, len(entries) + 1, documents, missing)


def verify_manifest(zip_path: Path) -> list[str]:
    """Problems found when re-hashing every file listed in the manifest (empty: all match)."""
    problems = []
    with zipfile.ZipFile(zip_path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        listed = {e["path"] for e in manifest["files"]}
        for entry in manifest["files"]:
            digest = hashlib.sha256(archive.read(entry["path"])).hexdigest()
            if digest != entry["sha256"]:
                problems.append(f"{entry['path']}: SHA-256 {digest} != manifest {entry['sha256']}")
        extra = set(archive.namelist()) - listed - {"manifest.json"}
        problems += [f"{name}: not in the manifest" for name in sorted(extra)]
    return problems
