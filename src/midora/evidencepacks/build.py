"""Building a pack: collect the selection, stream the archive, sign it, and register the issue."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from midora.compliance.evidence_store import CHUNK, blob_path, read_chunks
from midora.core import audit
from midora.core.progress import Progress, report
from midora.evidencepacks import keys
from midora.evidencepacks.archive import PackWriteError, PackWriter
from midora.evidencepacks.collect import PackContent, collect
from midora.evidencepacks.engine.selection import Selection, SelectionError
from midora.evidencepacks.index import render_index, render_pdf
from midora.evidencepacks.models import IssuedPack
from midora.evidencepacks.records import audit_events, chain_head, event_line, records_file

AUDIT_FILE = "audit/events.jsonl"
VERIFIER_SOURCE = Path(__file__).parent / "engine" / "verify.py"


class PackBuildError(Exception):
    """The pack could not be built; nothing was issued."""


@dataclass(frozen=True)
class Recipient:
    name: str
    purpose: str = ""

    def check(self) -> None:
        if not self.name.strip():
            raise SelectionError("recipient: say for whom the pack is built")
        if len(self.name) > 200 or len(self.purpose) > 500:
            raise SelectionError("recipient: at most 200 characters; purpose: at most 500")


def packs_dir() -> Path:
    from django.conf import settings

    path = Path(settings.HOME) / "evidence-packs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def builder_name(user: Any) -> str:
    if getattr(user, "pk", None):
        return user.get_username()
    return audit.current_actor().name


def _stream_file(path: Path):
    with open(path, "rb") as stream:
        yield from read_chunks(stream, CHUNK)


def _header(
    content: PackContent, pack_id: uuid.UUID, built_at: Any, by: str, recipient: Recipient
) -> dict[str, Any]:
    selection = content.selection
    return {
        "pack": {
            "id": str(pack_id),
            "built_at": built_at.isoformat(),
            "built_by": by,
            "recipient": recipient.name,
            "purpose": recipient.purpose,
            "description": selection.describe(),
            "key_fingerprint": keys.public_key().fingerprint,
        },
        "selection": selection.as_dict(),
        "entities": [{"lei": e.lei, "name": e.name} for e in content.entities],
        "period": {
            "from": selection.period_from.isoformat() if selection.period_from else None,
            "to": selection.period_to.isoformat() if selection.period_to else None,
        },
    }


def _evidence_details(evidence_file: Any) -> dict[str, Any]:
    version = evidence_file.version
    item = version.evidence
    return {
        "kind": "evidence",
        "evidence": {
            "id": item.pk,
            "title": item.title,
            "entity": item.entity.lei,
            "category": item.category,
            "version": version.number,
            "original_name": version.original_name,
            "uploaded_at": version.uploaded_at.isoformat(),
            "effective_from": item.effective_from.isoformat(),
            "effective_to": item.effective_to.isoformat() if item.effective_to else None,
            "approved_by": item.approved_by.get_username() if item.approved_by else None,
            "approved_on": item.approved_on.isoformat() if item.approved_on else None,
        },
        "controls": evidence_file.controls,
        "requirements": evidence_file.requirements,
    }


def write_archive(
    content: PackContent,
    target: Path,
    header: dict[str, Any],
    built_at: Any,
    progress: Progress | None = None,
) -> tuple[str, dict[str, Any]]:
    """Stream every file of the pack into `target`; return the signed root and the manifest."""
    writer = PackWriter(target, built_at)
    total = len(content.files) + 3
    try:
        for done, evidence_file in enumerate(content.files):
            report(progress, done, total, f"Evidence {evidence_file.path.rsplit('/', 1)[-1]}")
            version = evidence_file.version
            source = blob_path(version.sha256)
            if not source.is_file():
                raise PackWriteError(
                    f"evidence #{version.evidence_id} v{version.number}: the stored file is "
                    "missing (run `midora evidence verify`)"
                )
            writer.add_stream(
                evidence_file.path,
                _stream_file(source),
                expected_sha256=version.sha256,
                **_evidence_details(evidence_file),
            )
        report(progress, len(content.files), total, "Records and audit trail")
        for name, records in content.record_sets().items():
            writer.add_bytes(f"records/{name}.json", records_file(records), kind="records")
        head = chain_head()
        count = 0

        def lines():
            nonlocal count
            for event in audit_events(content.record_sets()):
                if event.sequence <= head["sequence"]:
                    count += 1
                    yield event_line(event)

        writer.add_stream(AUDIT_FILE, lines(), kind="audit")
        header["audit"] = {"file": AUDIT_FILE, "events": count, "chain_head": head}
        report(progress, len(content.files) + 1, total, "Index (HTML and PDF)")
        html = render_index(content, header)
        writer.add_bytes("index.html", html.encode(), kind="index")
        pdf = render_pdf(render_index(content, header, for_pdf=True))
        writer.add_bytes("index.pdf", pdf, kind="index")
        writer.add_bytes("verify.py", VERIFIER_SOURCE.read_bytes(), kind="verifier")
        public = keys.public_key()
        report(progress, len(content.files) + 2, total, "Signing")
        signed = writer.finish(header, keys.sign_root, public.raw)
        report(progress, total, total, "Signed")
        return signed
    except BaseException:
        writer.abort()
        raise


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in read_chunks(stream, CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def build_pack(
    user: Any,
    selection: Selection,
    recipient: Recipient,
    output: Path | None = None,
    pack_id: uuid.UUID | None = None,
    progress: Progress | None = None,
) -> IssuedPack:
    """Build, sign and register a pack; write it to `output`, or keep it in MIDORA_HOME."""
    recipient.check()
    actor = audit.current_actor()
    if getattr(user, "pk", None) and actor.user_id != user.pk:
        actor = audit.actor_for_user(user, actor.source)
    with audit.acting_as(actor):
        return _build(user, selection, recipient, output, pack_id or uuid.uuid4(), progress)


def _build(
    user: Any,
    selection: Selection,
    recipient: Recipient,
    output: Path | None,
    pack_id: uuid.UUID,
    progress: Progress | None = None,
) -> IssuedPack:
    report(progress, 0, 1, "Selecting the evidence and records")
    content = collect(user, selection)
    built_at = timezone.now().replace(microsecond=0)
    by = builder_name(user)
    header = _header(content, pack_id, built_at, by, recipient)
    work_dir = output.parent if output else packs_dir()
    handle, tmp_name = tempfile.mkstemp(dir=work_dir, prefix=".pack-", suffix=".zip")
    os.close(handle)
    tmp = Path(tmp_name)
    try:
        root, manifest = write_archive(content, tmp, header, built_at, progress)
        stored_name = "" if output else f"{pack_id}.zip"
        final = output or packs_dir() / stored_name
        archive_sha256, archive_size = _file_sha256(tmp), tmp.stat().st_size
        evidence_entries = [f for f in manifest["files"] if f.get("kind") == "evidence"]
        with transaction.atomic():
            pack = IssuedPack.objects.create(
                pack_id=pack_id,
                merkle_root=root,
                key_fingerprint=header["pack"]["key_fingerprint"],
                selection=selection.as_dict(),
                description=selection.describe()[:500],
                recipient=recipient.name.strip(),
                purpose=recipient.purpose.strip(),
                built_at=built_at,
                built_by=user if getattr(user, "pk", None) else None,
                built_by_name=by,
                period_from=selection.period_from,
                period_to=selection.period_to,
                file_count=len(manifest["files"]),
                evidence_files=len(evidence_entries),
                evidence_bytes=sum(f["size"] for f in evidence_entries),
                audit_events=header["audit"]["events"],
                archive_sha256=archive_sha256,
                archive_size=archive_size,
                stored_name=stored_name,
            )
            pack.entities.set(content.entities)
            changes = audit.snapshot(pack)
            changes["entities"] = [e.lei for e in content.entities]
            audit.record_change(pack, audit.CREATE, changes)
            shutil.move(tmp, final)
    except PackWriteError as exc:
        raise PackBuildError(f"{exc}; no pack was issued") from exc
    finally:
        tmp.unlink(missing_ok=True)
    return pack
