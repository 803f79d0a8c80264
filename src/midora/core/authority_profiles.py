"""Load the shipped competent-authority profiles (idempotent; never deletes a profile)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction

AUTHORITIES_FILE = Path(__file__).resolve().parents[1] / "data" / "authorities.yaml"
FIELDS = (
    "short_name",
    "name",
    "country",
    "languages",
    "reporting_currency",
    "website",
    "submission_channel",
    "sources",
    "unconfirmed",
)


@dataclass
class ProfileReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0

    def describe(self) -> str:
        return (
            f"authority profiles: {len(self.created)} created, {len(self.updated)} updated, "
            f"{self.unchanged} unchanged"
        )


def shipped_profiles(path: Path = AUTHORITIES_FILE) -> list[dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["authorities"]


@transaction.atomic
def load_profiles(path: Path = AUTHORITIES_FILE, model: Any = None) -> ProfileReport:
    """Create missing profiles and refresh shipped fields; a bad entry refuses the whole file."""
    if model is None:
        from midora.core.models import AuthorityProfile as model
    report = ProfileReport()
    for index, raw in enumerate(shipped_profiles(path), start=1):
        values = {
            name: raw.get(name, "" if name not in ("languages", "sources") else [])
            for name in FIELDS
        }
        values["country"] = str(values["country"])
        obj = model.objects.filter(code=raw["code"]).first()
        if obj is None:
            obj = model(code=raw["code"], **values)
            report.created.append(obj.code)
        elif all(getattr(obj, k) == v for k, v in values.items()):
            report.unchanged += 1
            continue
        else:
            for key, value in values.items():
                setattr(obj, key, value)
            report.updated.append(obj.code)
        try:
            obj.full_clean()
        except ValidationError as exc:
            raise ValidationError(
                f"{path.name}: authority #{index} {raw.get('code')}: {exc}"
            ) from exc
        obj.save()
    return report


def match_profile(text: str, country: str, profiles: list[Any]) -> Any | None:
    """The profile a free-text authority names (code, short or full name), else the only one of
    the entity's country."""
    wanted = (text or "").strip().casefold()
    if wanted:
        for profile in profiles:
            names = {profile.code, profile.short_name, profile.name}
            if (
                wanted in {n.casefold() for n in names}
                or wanted == profile.code.split("-")[-1].casefold()
            ):
                return profile
        for profile in profiles:
            if profile.name.casefold().startswith(wanted) or wanted in profile.name.casefold():
                return profile
    same_country = [p for p in profiles if p.country == country]
    return same_country[0] if len(same_country) == 1 else None
