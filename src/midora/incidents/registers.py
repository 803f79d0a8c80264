"""How the incident records are listed, filtered and shown."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from midora.core.register_framework import (
    ENTITY_COLUMN,
    ENTITY_FILTER,
    Column,
    Filter,
    Register,
    static_choices,
    yes_no,
)
from midora.incidents.choices import Stage, Status
from midora.incidents.forms import CyberThreatForm, IncidentForm
from midora.incidents.models import CyberThreat, Incident, IncidentReport

incidents = Register(
    model=Incident,
    slug="records",
    title=_("Incidents"),
    columns=[
        Column("labelled_reference", _("Reference"), sort="reference", link=True),
        Column("title", _("Title"), sort="title"),
        ENTITY_COLUMN,
        Column("aware_at", _("Aware"), sort="aware_at"),
        Column("is_major", _("Major"), sort="is_major"),
        Column("status", _("Status"), sort="status"),
        Column("source", _("Source"), sort="source"),
    ],
    form_class=IncidentForm,
    # the intake sets these, the facts and the classification change them (their own endpoints)
    api_read_only=[
        "reference",
        "source",
        "is_major",
        "occurred_at",
        "detected_at",
        "aware_at",
        "classified_at",
        "resolved_at",
        "impact",
    ],
    api_fixed=["entity"],
    links_across_entities=["providers"],  # a provider serves the whole group
    search_fields=["reference", "title", "description", "apparent_root_cause"],
    filters=[
        ENTITY_FILTER,
        Filter("major", _("Major"), "is_major", yes_no),
        Filter("status", _("Status"), "status", static_choices(Status.choices)),
    ],
    ordering=["-aware_at", "-pk"],
    select_related=["entity"],
    description=_(
        "Every ICT-related incident, whatever the source (DORA Art. 17), with its DORA "
        "classification (RTS-C Art 8)."
    ),
)

threats = Register(
    model=CyberThreat,
    slug="threats",
    title=_("Cyber threats"),
    columns=[
        Column("title", _("Title"), sort="title", link=True),
        ENTITY_COLUMN,
        Column("detected_at", _("Detected"), sort="detected_at"),
        Column("significant", _("Significant (Art 10)"), sort="significant"),
        Column("notified_at", _("Notified"), sort="notified_at"),
    ],
    form_class=CyberThreatForm,
    search_fields=["title", "description"],
    filters=[ENTITY_FILTER, Filter("significant", _("Significant"), "significant", yes_no)],
    ordering=["-detected_at", "-pk"],
    select_related=["entity"],
    description=_(
        "Cyber threats assessed under RTS-C Art 10; significant ones may be notified "
        "voluntarily (DORA Art 19(2))."
    ),
)

reports = Register(
    model=IncidentReport,
    slug="reports",
    title=_("Incident reports"),
    columns=[
        Column("incident.labelled_reference", _("Incident"), sort="incident__reference", link=True),
        Column("stage", _("Stage"), sort="stage"),
        Column("incident.entity.name", _("Entity"), sort="incident__entity__name"),
        Column("due_at", _("Due"), sort="due_at"),
        Column("sent_at", _("Sent"), sort="sent_at"),
        Column("sha256", _("SHA-256")),
    ],
    search_fields=["incident__reference", "incident__title"],
    filters=[
        ENTITY_FILTER,
        Filter("stage", _("Stage"), "stage", static_choices(Stage.choices)),
    ],
    ordering=["-created_at"],
    select_related=["incident", "incident__entity"],
    description=_("Reports to the competent authority (RTS-R 2025/301); a sent report is frozen."),
)

REGISTERS = [incidents, threats, reports]
