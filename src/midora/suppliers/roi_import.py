"""Register of Information rows -> database records, all or nothing (DORA Art. 28(3)).

``import_register`` first checks the whole register (the engine's validation plus what the
records need), collecting every error with its template, row and column; only a register without
errors is written, in one transaction. Records are matched by their natural keys: entities by
LEI, functions by (entity, identifier), providers by identification code, arrangements by
reference. Matching arrangements are replaced (their service uses, assessments and supply chain
come from the file); legal entities and business functions that exist are kept as they are and
only their register data is updated; missing ones are created.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop as _

from midora.core import audit
from midora.core.authority_profiles import match_profile
from midora.core.choices import Criticality
from midora.core.codelists import entity_type_choices
from midora.core.engine.sentences import Sentence
from midora.core.models import AuthorityProfile, BusinessFunction, LegalEntity
from midora.suppliers import codes
from midora.suppliers.models import (
    ContractualArrangement,
    EntityRegisterData,
    FunctionRegisterData,
    ICTProvider,
    ICTServiceUse,
    ServiceAssessment,
    Subcontractor,
)
from midora.suppliers.roi.findings import ERROR, Finding, blocking
from midora.suppliers.roi.rules.common import finding
from midora.suppliers.roi.spec import template
from midora.suppliers.roi.validate import validate_register
from midora.suppliers.roi.values import Register
from midora.suppliers.roi_import_summary import ImportSummary

ARRANGEMENT_COLUMNS = ("c0070", "c0080", "c0090", "c0100", "c0110", "c0120")
"""B_02.02 columns midora keeps once per arrangement (every row must agree)."""
END_OF_TIME = dt.date(9999, 12, 31)
ARRANGEMENT_FIELDS = [
    "provider",
    "entity",
    "arrangement_type",
    "overarching",
    "currency",
    "annual_cost",
    "start_date",
    "end_date",
    "termination_reason",
    "notice_period_entity",
    "notice_period_provider",
    "governing_law",
]


class RegisterImportError(ValueError):
    """The register cannot be imported; ``findings`` lists every error (file, row, column)."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        shown = "; ".join(str(f) for f in findings[:5])
        more = f" (and {len(findings) - 5} more)" if len(findings) > 5 else ""
        super().__init__(f"nothing imported, {len(findings)} error(s): {shown}{more}")


def _error(code: str, index: int, row: dict[str, Any], column: str, message: Sentence) -> Finding:
    return finding("IMPORT", template(code), index, row, column, message, ERROR)


def _rows(register: Register, code: str) -> Iterable[tuple[int, dict[str, Any]]]:
    return enumerate(register.get(code, []), start=1)


class _Checker:
    """What the records need beyond the RoI rules (one provider and signer per arrangement ...)."""

    def __init__(self, register: Register) -> None:
        self.register = register
        self.errors: list[Finding] = []

    def add(
        self, code: str, index: int, row: dict[str, Any], column: str, message: Sentence
    ) -> None:
        self.errors.append(_error(code, index, row, column, message))

    def run(self) -> list[Finding]:
        reg = self.register
        branches = Sentence(_("branches are not recorded in midora"))
        for index, row in _rows(reg, "B_01.03"):
            self.add("B_01.03", index, row, "c0010", branches)
        for index, row in _rows(reg, "B_04.01"):
            if row.get("c0030") == "eba_ZZ:x838" or row.get("c0040") not in (
                None,
                codes.NO_BRANCH_CODE,
            ):
                self.add("B_04.01", index, row, "c0040", branches)
        allowed_types = {code for code, _label in entity_type_choices()}
        for index, row in _rows(reg, "B_01.02"):
            if row.get("c0040") not in allowed_types:
                self.add(
                    "B_01.02",
                    index,
                    row,
                    "c0040",
                    Sentence(_("type of entity not kept for entities")),
                )
        self._one_per_arrangement(
            "B_03.02",
            "c0020",
            _("midora records one ICT third-party service provider per arrangement"),
            _("arrangement has no ICT third-party service provider in %(code)s"),
        )
        self._one_per_arrangement(
            "B_03.01",
            "c0020",
            _("midora records one signing entity per arrangement"),
            _("arrangement has no signing entity in %(code)s"),
        )
        self._one_per_arrangement(
            "B_03.03", "c0020", _("midora records one intra-group providing entity per arrangement")
        )
        self._code_types()
        self._arrangement_columns()
        return self.errors

    def _one_per_arrangement(
        self, code: str, column: str, only_one: str, missing: str | None = None
    ) -> None:
        """`only_one`: the message of a second, different value; `missing` (a template with
        %(code)s), when given, the message of an arrangement without one."""
        seen: dict[str, Any] = {}
        for index, row in _rows(self.register, code):
            ref = row.get("c0010")
            if ref in seen and seen[ref] != row.get(column):
                self.add(code, index, row, column, Sentence(only_one))
            seen.setdefault(ref, row.get(column))
        if missing:
            for index, row in _rows(self.register, "B_02.01"):
                if row.get("c0010") not in seen:
                    self.add(code, index, row, "c0010", Sentence(missing, code=code))

    def _code_types(self) -> None:
        types = {r.get("c0010"): r.get("c0020") for r in self.register.get("B_05.01", [])}
        checks = [
            ("B_03.02", "c0020", "c0030"),
            ("B_02.02", "c0030", "c0040"),
            ("B_07.01", "c0020", "c0030"),
            ("B_05.02", "c0030", "c0040"),
            ("B_05.02", "c0060", "c0070"),
            ("B_05.01", "c0110", "c0120"),
        ]
        for code, column, type_column in checks:
            for index, row in _rows(self.register, code):
                provider = row.get(column)
                if provider in types and row.get(type_column) != types[provider]:
                    self.add(
                        code,
                        index,
                        row,
                        type_column,
                        Sentence(
                            _("type of code differs from B_05.01 for %(provider)s (%(type)s)"),
                            provider=provider,
                            type=types[provider],
                        ),
                    )

    def _arrangement_columns(self) -> None:
        first: dict[str, dict[str, Any]] = {}
        providers = {r.get("c0010"): r.get("c0020") for r in self.register.get("B_03.02", [])}
        for index, row in _rows(self.register, "B_02.02"):
            ref = row.get("c0010")
            if ref in providers and row.get("c0030") != providers[ref]:
                self.add(
                    "B_02.02", index, row, "c0030", Sentence(_("provider differs from B_03.02"))
                )
            seen = first.setdefault(ref, row)
            for column in ARRANGEMENT_COLUMNS:
                if seen.get(column) != row.get(column):
                    self.add(
                        "B_02.02",
                        index,
                        row,
                        column,
                        Sentence(
                            _(
                                "differs from another row of the same arrangement (midora keeps "
                                "it once per arrangement)"
                            )
                        ),
                    )


def check_importable(register: Register) -> list[Finding]:
    """Every error that stops ``register`` from being imported (empty when it can be)."""
    errors = blocking(validate_register(register))
    return errors + _Checker(register).run()


def import_register(register: Register) -> ImportSummary:
    """DORA Art. 28(3): load a register into the records; RegisterImportError, nothing written."""
    errors = check_importable(register)
    if errors:
        raise RegisterImportError(errors)
    with transaction.atomic():
        return _Writer(register).write()


class _Writer:
    def __init__(self, register: Register) -> None:
        self.reg = register
        self.counts: dict[str, int] = defaultdict(int)

    def rows(self, code: str) -> list[dict[str, Any]]:
        return self.reg.get(code, [])

    def write(self) -> ImportSummary:
        self.entities()
        self.functions()
        self.providers()
        self.arrangements()
        return ImportSummary(dict(self.counts))

    # --- entities and functions ---------------------------------------------------------------

    def entities(self) -> None:
        rows = {r["c0010"]: r for r in self.rows("B_01.02")}
        reporting = {r["c0010"]: r for r in self.rows("B_01.01")}
        existing = {e.lei: e for e in LegalEntity.objects.filter(lei__in=list(rows))}
        profiles = list(AuthorityProfile.objects.all())
        for lei, row in rows.items():
            if lei in existing:
                continue
            country = codes.iso_of(row["c0030"])
            authority = (reporting.get(lei) or {}).get("c0050") or ""
            entity = LegalEntity(
                name=row["c0020"] or lei,
                lei=lei,
                country=country,
                entity_type=row["c0040"],
                authority=match_profile(authority, country, profiles),
            )
            entity.save()
            existing[lei] = entity
            self.counts["legal entities created"] += 1
        for lei, row in rows.items():
            entity = existing[lei]
            parent = row.get("c0060")
            if parent and parent != lei and entity.parent_id is None:
                entity.parent = existing[parent]
                entity.save()
            data, _ = EntityRegisterData.objects.get_or_create(entity=entity)
            data.hierarchy = row.get("c0050") or ""
            data.last_update = row.get("c0070")
            data.integrated_on = row.get("c0080")
            deleted = row.get("c0090")
            data.deleted_on = None if deleted in (None, END_OF_TIME) else deleted
            data.currency = row.get("c0100") or codes.EURO
            data.total_assets = row.get("c0110")
            if lei in reporting and self.rows("B_99.01"):
                definition = self.rows("B_99.01")[0]
                data.definitions = {k: v for k, v in definition.items() if v}
            data.save()
        self.entity = existing

    def functions(self) -> None:
        existing = {
            (f.entity.lei, f.identifier): f
            for f in BusinessFunction.objects.select_related("entity").filter(
                entity__lei__in=list(self.entity)
            )
        }
        for row in self.rows("B_06.01"):
            key = (row["c0040"], row["c0010"])
            critical = row.get("c0050") == codes.YES
            function = existing.get(key)
            if function is None:
                function = BusinessFunction(
                    entity=self.entity[row["c0040"]],
                    identifier=row["c0010"],
                    name=row.get("c0030") or row["c0010"],
                    criticality=Criticality.CRITICAL_OR_IMPORTANT
                    if critical
                    else Criticality.NOT_CRITICAL,
                    criticality_rationale=row.get("c0060") or "",
                    last_assessed=row.get("c0070"),
                    rto_hours=_decimal(row.get("c0080")),
                    rpo_hours=_decimal(row.get("c0090")),
                )
                function.save()
                existing[key] = function
                self.counts["business functions created"] += 1
            data, _ = FunctionRegisterData.objects.get_or_create(function=function)
            data.licenced_activity = row.get("c0020") or ""
            data.criticality_assessment = (
                row["c0050"] if row.get("c0050") not in (codes.YES, codes.NO) else ""
            ) or ""
            data.discontinuation_impact = row.get("c0100") or ""
            data.save()
        self.function = existing

    # --- providers and arrangements -----------------------------------------------------------

    def providers(self) -> None:
        rows = {r["c0010"]: r for r in self.rows("B_05.01")}
        existing = {
            p.identification_code: p
            for p in ICTProvider.objects.filter(identification_code__in=list(rows))
        }
        for code, row in rows.items():  # new providers first, so that parents have an id
            if code not in existing:
                provider = ICTProvider(identification_code=code)
                _fill_provider(provider, row)
                provider.save()
                existing[code] = provider
        for code, row in rows.items():  # one save each, final values: no-op when unchanged
            provider = existing[code]
            _fill_provider(provider, row)
            parent = row.get("c0110")  # a provider outside a group reports itself
            provider.ultimate_parent = existing[parent] if parent and parent != code else None
            provider.save()
            self.counts["ICT providers"] += 1
        group = {r["c0010"]: r["c0020"] for r in self.rows("B_03.03")}
        signed = {r["c0010"]: r["c0020"] for r in self.rows("B_03.02")}
        for ref, lei in group.items():
            provider = existing.get(signed.get(ref))
            if provider is not None and provider.group_entity_id != self.entity[lei].pk:
                provider.group_entity = self.entity[lei]
                provider.save()
        self.provider = existing

    def arrangements(self) -> None:
        """Arrangements created or updated with their links: one audit event per arrangement,
        carrying its final values (the overarching arrangement and links included)."""
        signer = {r["c0010"]: r["c0020"] for r in self.rows("B_03.01")}
        provider = {r["c0010"]: r["c0020"] for r in self.rows("B_03.02")}
        details: dict[str, dict[str, Any]] = {}
        for row in self.rows("B_02.02"):
            details.setdefault(row["c0010"], row)
        existing = {
            a.reference: a
            for a in ContractualArrangement.objects.filter(
                reference__in=[r["c0010"] for r in self.rows("B_02.01")]
            )
        }
        ids = [a.pk for a in existing.values()]
        links_before = _arrangement_links(ids)
        before = {a.pk: {**audit.snapshot(a), **links_before[a.pk]} for a in existing.values()}
        saved: dict[str, ContractualArrangement] = {}
        new: list[ContractualArrangement] = []
        for row in self.rows("B_02.01"):
            ref = row["c0010"]
            a = existing.get(ref)
            if a is None:
                a = ContractualArrangement(reference=ref)
                new.append(a)
            d = details.get(ref, {})
            a.provider = self.provider[provider[ref]]
            a.entity = self.entity[signer[ref]]
            a.arrangement_type = row.get("c0020") or ""
            a.overarching = None  # set below, once every arrangement has its id
            a.currency = row.get("c0040") or ""
            a.annual_cost = row.get("c0050")
            a.start_date = d.get("c0070")
            end = d.get("c0080")
            a.end_date = None if end == END_OF_TIME else end
            a.termination_reason = d.get("c0090") or ""
            a.notice_period_entity = d.get("c0100")
            a.notice_period_provider = d.get("c0110")
            a.governing_law = d.get("c0120") or ""
            saved[ref] = a
        ContractualArrangement.objects.bulk_create(new, batch_size=1000)
        for row in self.rows("B_02.01"):
            if row.get("c0030"):
                saved[row["c0010"]].overarching = saved[row["c0030"]]
        ContractualArrangement.objects.bulk_update(
            [a for a in new if a.overarching_id], ["overarching"], batch_size=1000
        )
        links_after = self._links(saved, ids)
        audit.record_changes(
            (a, audit.CREATE, {**audit.snapshot(a), **_non_empty(links_after[a.pk])}) for a in new
        )
        self._update(list(existing.values()), before, links_after)
        self.counts["contractual arrangements"] = len(saved)
        for model in (ICTServiceUse, ServiceAssessment, Subcontractor):
            old = list(model.objects.filter(arrangement_id__in=ids))
            audit.record_changes(
                (o, audit.DELETE, {k: [v, None] for k, v in audit.snapshot(o).items()}) for o in old
            )
            model.objects.filter(pk__in=[o.pk for o in old]).delete()
        self._children(saved)

    @staticmethod
    def _update(
        records: list[ContractualArrangement],
        before: dict[int, dict],
        links: dict[int, dict[str, list[int]]],
    ) -> None:
        """Save changed arrangements in bulk: version bumped, one audit event each."""
        changes = {
            a.pk: audit.diff(before[a.pk], {**audit.snapshot(a), **links[a.pk]}) for a in records
        }
        changed = [a for a in records if changes[a.pk]]
        now = timezone.now()
        for a in changed:
            a.version += 1
            a.updated_at = now
        ContractualArrangement.objects.bulk_update(
            changed, [*ARRANGEMENT_FIELDS, "version", "updated_at"], batch_size=1000
        )
        audit.record_changes((a, audit.UPDATE, changes[a.pk]) for a in changed)

    def _links(
        self, saved: dict[str, ContractualArrangement], replaced: list[int]
    ) -> dict[int, dict[str, list[int]]]:
        """Write the arrangements' links (B_04.01, B_02.03) and the providers' entities; return
        each arrangement's links as its audit events record them (sorted ids)."""
        using = ContractualArrangement.using_entities.through
        linked = ContractualArrangement.linked_arrangements.through
        using.objects.filter(contractualarrangement_id__in=replaced).delete()
        linked.objects.filter(from_contractualarrangement_id__in=replaced).delete()
        after: dict[int, dict[str, set[int]]] = {
            a.pk: {"using_entities": set(), "linked_arrangements": set()} for a in saved.values()
        }
        for row in self.rows("B_04.01"):
            after[saved[row["c0010"]].pk]["using_entities"].add(self.entity[row["c0020"]].pk)
        for row in self.rows("B_02.03"):
            after[saved[row["c0010"]].pk]["linked_arrangements"].add(saved[row["c0020"]].pk)
        using.objects.bulk_create(
            [
                using(contractualarrangement_id=pk, legalentity_id=entity)
                for pk, links in after.items()
                for entity in sorted(links["using_entities"])
            ],
            batch_size=2000,
        )
        linked.objects.bulk_create(
            [
                linked(from_contractualarrangement_id=pk, to_contractualarrangement_id=other)
                for pk, links in after.items()
                for other in sorted(links["linked_arrangements"])
            ],
            batch_size=2000,
        )
        pairs = {(a.provider_id, a.entity_id) for a in saved.values()}
        pairs |= {
            (saved[row["c0010"]].provider_id, self.entity[row["c0020"]].pk)
            for row in self.rows("B_04.01")
        }
        self._provider_entities(pairs)
        return {
            pk: {name: sorted(values) for name, values in links.items()}
            for pk, links in after.items()
        }

    def _provider_entities(self, pairs: set[tuple[int, int]]) -> None:
        """Link each provider to the entities it serves (kept links stay), one audit event for
        each provider whose entities change."""
        links = ICTProvider.entities.through
        providers = {p for p, _e in pairs}
        known: dict[int, set[int]] = {p: set() for p in providers}
        for p, e in links.objects.filter(ictprovider_id__in=providers).values_list(
            "ictprovider_id", "legalentity_id"
        ):
            known[p].add(e)
        missing = sorted((p, e) for p, e in pairs if e not in known[p])
        if not missing:
            return
        links.objects.bulk_create(
            [links(ictprovider_id=p, legalentity_id=e) for p, e in missing], batch_size=2000
        )
        added: dict[int, set[int]] = defaultdict(set)
        for p, e in missing:
            added[p].add(e)
        by_pk = {p.pk: p for p in self.provider.values()}
        audit.record_changes(
            (
                by_pk[p],
                audit.UPDATE,
                {"entities": [sorted(known[p]), sorted(known[p] | extra)]},
            )
            for p, extra in sorted(added.items())
        )

    def _children(self, saved: dict[str, ContractualArrangement]) -> None:
        uses = [
            ICTServiceUse(
                arrangement=saved[row["c0010"]],
                function=self.function[(row["c0020"], row["c0050"])],
                service_type=row["c0060"],
                provision_country=row["c0130"],
                stores_data=row.get("c0140") or "",
                storage_location=row["c0150"],
                processing_location=row["c0160"],
                data_sensitivity=row.get("c0170") or "",
                reliance_level=row.get("c0180") or "",
            )
            for row in self.rows("B_02.02")
        ]
        assessments = [
            ServiceAssessment(
                arrangement=saved[row["c0010"]],
                service_type=row["c0040"],
                substitutability=row.get("c0050") or "",
                reason_not_substitutable=row.get("c0060") or "",
                last_audit=row.get("c0070"),
                exit_plan=row.get("c0080") or "",
                reintegration=row.get("c0090") or "",
                discontinuation_impact=row.get("c0100") or "",
                alternatives_identified=row.get("c0110") or "",
                alternative_providers=row.get("c0120") or "",
            )
            for row in self.rows("B_07.01")
        ]
        chain = [
            Subcontractor(
                arrangement=saved[row["c0010"]],
                service_type=row["c0020"],
                provider=self.provider[row["c0030"]],
                rank=row["c0050"],
                recipient=self.provider[row["c0060"]],
            )
            for row in self.rows("B_05.02")
        ]
        for model, objs, label in (
            (ICTServiceUse, uses, "ICT service uses"),
            (ServiceAssessment, assessments, "ICT service assessments"),
            (Subcontractor, chain, "subcontracting links"),
        ):
            model.objects.bulk_create(objs, batch_size=2000)
            audit.record_created(objs)
            self.counts[label] = len(objs)


def _fill_provider(provider: ICTProvider, row: dict[str, Any]) -> None:
    """B_05.01 columns onto a provider (its parent is set apart, once every provider exists)."""
    code = provider.identification_code
    provider.code_type = row.get("c0020") or ""
    provider.additional_code = row.get("c0030") or ""
    provider.additional_code_type = row.get("c0040") or ""
    provider.name = row.get("c0050") or code
    latin = row.get("c0060") or ""
    provider.name_latin = "" if latin == provider.name else latin
    provider.person_type = row.get("c0070") or ""
    provider.hq_country = row.get("c0080") or ""
    provider.currency = row.get("c0090") or ""
    provider.annual_expense = row.get("c0100")


def _arrangement_links(ids: list[int]) -> dict[int, dict[str, list[int]]]:
    """The stored links of arrangements, as their audit events record them (sorted ids)."""
    found: dict[int, dict[str, list[int]]] = {
        pk: {"using_entities": [], "linked_arrangements": []} for pk in ids
    }
    using = ContractualArrangement.using_entities.through
    for pk, entity in using.objects.filter(contractualarrangement_id__in=ids).values_list(
        "contractualarrangement_id", "legalentity_id"
    ):
        found[pk]["using_entities"].append(entity)
    linked = ContractualArrangement.linked_arrangements.through
    for pk, other in linked.objects.filter(from_contractualarrangement_id__in=ids).values_list(
        "from_contractualarrangement_id", "to_contractualarrangement_id"
    ):
        found[pk]["linked_arrangements"].append(other)
    return {pk: {k: sorted(v) for k, v in links.items()} for pk, links in found.items()}


def _non_empty(links: dict[str, list[int]]) -> dict[str, list[int]]:
    return {name: ids for name, ids in links.items() if ids}


def _decimal(value: int | None) -> Decimal | None:
    return None if value is None else Decimal(value)
