"""`midora backup` / `midora restore`: a consistent snapshot of the database and evidence store.

A backup is a zip holding `database.json` (every record, natural keys for users and content
types), `evidence/<path>` (the stored evidence files) and `manifest.json` (SHA-256 of each member,
record count, schema migrations, sealed with an HMAC keyed by `MIDORA_HOME/backup_key`: see
`midora.core.backup_key`). A restore checks every hash and the schema before it touches
anything, writes the content-addressed evidence files (harmless if already there), then replaces
the database contents in one transaction: it either completes or leaves everything as it was.
Both read and write the records in bulk: a backup fetches each table's user links and
many-to-many links with its rows; a restore writes each table's rows in multi-row inserts, finds
the users a record names from one read, and writes the many-to-many links together once every
record is in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import itertools
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.python import Deserializer as RecordDeserializer
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from midora import __version__
from midora.core import audit
from midora.core.archive_limits import restore_limits
from midora.core.archives import ArchiveLimitError, open_zip
from midora.core.backup_key import seal, seal_problem

FORMAT = "midora-backup/2"
DATABASE_MEMBER = "database.json"
MANIFEST_MEMBER = "manifest.json"
EVIDENCE_PREFIX = "evidence/"
EXCLUDED_MODELS = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "admin.logentry",
    "axes.accessattempt",  # lockout counters: transient, tied to the running installation
}


class BackupError(Exception):
    """The archive is damaged, incomplete or from an incompatible schema."""


def _models() -> list:
    chosen = [
        m
        for m in apps.get_models()
        if m._meta.label_lower not in EXCLUDED_MODELS and not m._meta.proxy
    ]
    app_list = {}
    for model in chosen:
        app_list.setdefault(apps.get_app_config(model._meta.app_label), []).append(model)
    return serializers.sort_dependencies(app_list.items(), allow_cycles=True)


def _applied_migrations() -> list[str]:
    return sorted(
        f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()
    )


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def create_backup(target: Path) -> dict[str, Any]:
    """Write the archive (atomically: a temporary file renamed into place)."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    evidence_dir = Path(settings.MIDORA_EVIDENCE_DIR)
    fd, tmp_name = tempfile.mkstemp(prefix=".midora-backup-", dir=target.parent)
    os.close(fd)
    manifest: dict[str, Any] = {"format": FORMAT, "midora": __version__, "files": {}}
    try:
        with zipfile.ZipFile(
            tmp_name, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True
        ) as archive:
            with transaction.atomic():
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                records = _write_database(archive, manifest)
                manifest["migrations"] = _applied_migrations()
            if evidence_dir.exists():
                for path in sorted(p for p in evidence_dir.rglob("*") if p.is_file()):
                    member = EVIDENCE_PREFIX + path.relative_to(evidence_dir).as_posix()
                    archive.write(path, member)
                    manifest["files"][member] = _sha256_file(path)
            manifest["records"] = records
            manifest["created_at"] = timezone.now().isoformat()
            seal(manifest)
            archive.writestr(MANIFEST_MEMBER, json.dumps(manifest, indent=2, sort_keys=True))
        os.replace(tmp_name, target)
    finally:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
    return manifest


def _write_database(archive: zipfile.ZipFile, manifest: dict[str, Any]) -> int:
    digest = hashlib.sha256()
    count = 0

    def objects():
        nonlocal count
        for model in _models():
            for obj in _records(model).iterator(chunk_size=2000):
                count += 1
                yield obj

    with archive.open(DATABASE_MEMBER, "w", force_zip64=True) as raw:
        # the serializer writes a record in hundreds of small pieces: they reach the archive
        # (and the digest) in buffered blocks
        blocks = io.BufferedWriter(_HashingWriter(raw, digest), buffer_size=1 << 16)
        with io.TextIOWrapper(blocks, encoding="utf-8", newline="") as writer:
            serializers.serialize(
                "json",
                objects(),
                stream=writer,
                use_natural_foreign_keys=True,
                use_natural_primary_keys=False,
                cls=_LosslessEncoder,
            )
    manifest["files"][DATABASE_MEMBER] = digest.hexdigest()
    return count


class _LosslessEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; a backup keeps them whole, so a restored
    record equals the state its audit trail records."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


def _records(model: Any) -> Any:
    """Every row of the model in primary-key order, with what the serializer reads of each
    row's relations fetched alongside, not one query per row: the users and content types a
    foreign key names by natural key, and the many-to-many links."""
    natural = [
        field.name
        for field in model._meta.concrete_fields
        if field.is_relation and hasattr(field.remote_field.model, "natural_key")
    ]
    linked = [
        field.name
        for field in model._meta.local_many_to_many
        if field.remote_field.through._meta.auto_created
    ]
    return model._base_manager.order_by("pk").select_related(*natural).prefetch_related(*linked)


class _HashingWriter(io.RawIOBase):
    """Bytes written go to the archive member and into the digest."""

    def __init__(self, raw: Any, digest: Any) -> None:
        self.raw, self.digest = raw, digest

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.digest.update(data)
        self.raw.write(data)
        return len(data)


def verify_archive(source: Path) -> dict[str, Any]:
    """Check the archive completely; return its manifest or raise BackupError saying what is wrong."""
    try:
        archive = open_zip(source, restore_limits())  # every member is streamed within limits
    except (zipfile.BadZipFile, OSError) as exc:
        raise BackupError(f"{source} is not a readable backup archive ({exc}).") from exc
    except ArchiveLimitError as exc:
        raise BackupError(f"{source} refused: {exc}.") from exc
    with archive:
        try:
            manifest = json.loads(archive.read(MANIFEST_MEMBER))
        except KeyError as exc:
            raise BackupError(f"{source} has no {MANIFEST_MEMBER}.") from exc
        except (ValueError, zipfile.BadZipFile) as exc:
            raise BackupError(f"{MANIFEST_MEMBER} in {source} is damaged ({exc}).") from exc
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise BackupError(f"{source} is not a {FORMAT} archive.")
        problem = seal_problem(manifest)
        if problem:
            raise BackupError(f"{source} is refused: {problem}.")
        names = set(archive.namelist())
        for member, expected in manifest["files"].items():
            if member not in names:
                raise BackupError(
                    f"{member} is listed in the manifest but missing from the archive."
                )
            digest = hashlib.sha256()
            try:
                with archive.open(member) as handle:
                    for chunk in iter(lambda: handle.read(1 << 20), b""):
                        digest.update(chunk)
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                raise BackupError(f"{member} cannot be read from the archive ({exc}).") from exc
            except ArchiveLimitError as exc:
                raise BackupError(f"{source} refused: {exc}.") from exc
            if digest.hexdigest() != expected:
                raise BackupError(
                    f"{member} does not match its SHA-256 in the manifest (the archive is corrupted)."
                )
        unknown = sorted(set(manifest.get("migrations", [])) - set(_known_migrations()))
        if unknown:
            raise BackupError(
                f"the backup comes from a newer schema ({', '.join(unknown[:3])}); upgrade midora first."
            )
    return manifest


def _known_migrations() -> list[str]:
    from django.db.migrations.loader import MigrationLoader

    return [
        f"{app}.{name}"
        for app, name in MigrationLoader(connection, ignore_no_migrations=True).disk_migrations
    ]


def restore_backup(source: Path) -> dict[str, Any]:
    """Replace the database and add the evidence files from a verified archive."""
    manifest = verify_archive(source)
    evidence_dir = Path(settings.MIDORA_EVIDENCE_DIR)
    with zipfile.ZipFile(source) as archive:
        for member in manifest["files"]:
            if not member.startswith(EVIDENCE_PREFIX):
                continue
            relative = Path(member[len(EVIDENCE_PREFIX) :])
            if relative.is_absolute() or ".." in relative.parts:
                raise BackupError(f"{member} points outside the evidence store.")
            target = evidence_dir / relative
            if target.exists():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".restore-")
            with os.fdopen(fd, "wb") as out, archive.open(member) as handle:
                shutil.copyfileobj(handle, out, 1 << 20)
            os.replace(tmp, target)
        with archive.open(DATABASE_MEMBER) as handle:
            _replace_database(io.TextIOWrapper(handle, encoding="utf-8"))
    return manifest


def _tables(models: list) -> list[str]:
    tables = [m._meta.db_table for m in models]
    tables += [
        f.remote_field.through._meta.db_table
        for m in models
        for f in m._meta.local_many_to_many
        if f.remote_field.through._meta.auto_created
    ]
    return tables


def flush_records() -> None:
    """Empty every table a backup holds (users, records, audit trail), inside the caller's transaction."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # settle deferred checks of earlier writes first
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for statement in connection.ops.sql_flush(
            no_style(), _tables(_models()), reset_sequences=True, allow_cascade=True
        ):
            cursor.execute(statement)
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _replace_database(stream: io.TextIOBase) -> None:
    models = _models()
    with transaction.atomic():
        with connection.constraint_checks_disabled(), audit.suppressed():
            flush_records()
            _RecordWriter().write(json.load(stream))
        connection.check_constraints(table_names=_tables(models))
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)


class _RecordWriter:
    """The archive's records written into the emptied tables, model by model as the backup
    lists them: a model's records in a few multi-row inserts (the rows as stored, as a raw save
    writes them: no field is stamped anew and no signal fires), the users and other records a
    foreign key names by natural key found from one read of their table, and the many-to-many
    links written together once every record is in."""

    def __init__(self) -> None:
        self.keys: dict[Any, dict[tuple[Any, ...], Any]] = {}
        self.links: dict[Any, list[Any]] = {}

    def write(self, nodes: list[dict[str, Any]]) -> None:
        for label, group in itertools.groupby(nodes, key=lambda node: node["model"]):
            model = apps.get_model(label)
            records = [self._record(deserialized) for deserialized in self._read(model, group)]
            self._insert(model, records)
            self.keys.pop(model, None)  # its natural keys are read again if named later
        for through, rows in self.links.items():
            through._base_manager.bulk_create(rows, batch_size=1000)

    def _read(self, model: Any, nodes: Iterable[dict[str, Any]]) -> Iterator[Any]:
        return RecordDeserializer(
            [self._named_by_key(model, node) for node in nodes], handle_forward_references=True
        )

    def _record(self, deserialized: Any) -> Any:
        record = deserialized.object
        if deserialized.deferred_fields:
            names = ", ".join(field.name for field in deserialized.deferred_fields)
            raise BackupError(
                f"{record._meta.label} {record.pk} names in {names} a record the backup does "
                "not hold (the archive is incomplete)."
            )
        for link in _links_of(deserialized):
            self.links.setdefault(type(link), []).append(link)
        return record

    def _named_by_key(self, model: Any, node: dict[str, Any]) -> dict[str, Any]:
        """The node with each natural key of a restored record replaced by its primary key
        (a key not found is left for the deserializer, which then names it)."""
        fields = node["fields"]
        for name, value in fields.items():
            field = model._meta.get_field(name)
            related = field.remote_field.model if field.is_relation else None
            if not isinstance(value, list) or not hasattr(related, "natural_key"):
                continue
            keys = self._keys(related)
            if field.many_to_many:
                fields[name] = [
                    keys.get(tuple(item), item) if isinstance(item, list) else item
                    for item in value
                ]
            else:
                fields[name] = keys.get(tuple(value), value)
        return node

    def _keys(self, model: Any) -> dict[tuple[Any, ...], Any]:
        if model not in self.keys:
            self.keys[model] = {
                tuple(record.natural_key()): record.pk
                for record in model._default_manager.select_related()
            }
        return self.keys[model]

    @staticmethod
    def _insert(model: Any, records: list[Any]) -> None:
        fields = model._meta.local_concrete_fields
        size = max(1, min(500, connection.ops.bulk_batch_size(fields, records)))
        for start in range(0, len(records), size):
            # the statement a raw save runs (Model._do_insert), for many rows at once
            model._base_manager._insert(records[start : start + size], fields=fields, raw=True)


def _links_of(deserialized: Any) -> Iterator[Any]:
    """The many-to-many rows of a restored record, written together once every record is in."""
    record = deserialized.object
    for name, targets in (deserialized.m2m_data or {}).items():
        field = record._meta.get_field(name)
        through = field.remote_field.through
        source = through._meta.get_field(field.m2m_field_name()).attname
        target = through._meta.get_field(field.m2m_reverse_field_name()).attname
        for pk in targets:
            yield through(**{source: record.pk, target: pk})
