"""Report-package layout and file name of the RoI xBRL-CSV submission (EBA DORA taxonomy 4.0)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from midora.core.engine.sentences import Sentence, _

FRAMEWORK_VERSION = "DORA010100"
MODULE_CODE = "DORA"
LEVELS = ("IND", "CON")
REPORT_PACKAGE_JSON = "META-INF/reportPackage.json"
REPORT_JSON = "reports/report.json"
PARAMETERS_CSV = "reports/parameters.csv"
FILING_INDICATORS_CSV = "reports/FilingIndicators.csv"
REPORTS_DIR = "reports/"
REPORT_PACKAGE_TYPE = "https://xbrl.org/report-package/2023"
XBRL_CSV_TYPE = "https://xbrl.org/2021/xbrl-csv"
PARAMETER_NAMES = ("entityID", "refPeriod", "baseCurrency", "decimalsInteger", "decimalsMonetary")

_NAME = re.compile(
    r"^(?P<lei>[A-Z0-9]{20})\.(?P<level>IND|CON)_(?P<country>[A-Z]{2})_"
    + FRAMEWORK_VERSION
    + "_"
    + MODULE_CODE
    + r"_(?P<refdate>\d{4}-\d{2}-\d{2})_(?P<timestamp>\d{17})$"
)


class PackageNameError(ValueError):
    """A package name does not follow the EBA convention."""


@dataclass(frozen=True)
class ReportParameters:
    """Report-level facts: who reports, for which date, in which currency and precision."""

    lei: str
    reference_date: date
    base_currency: str
    country: str
    level: str = "IND"
    decimals_integer: int = 0
    decimals_monetary: int = -3

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise ValueError(f"level must be IND or CON, not {self.level!r}")
        if not re.fullmatch(r"[A-Z0-9]{20}", self.lei):
            raise ValueError(f"LEI {self.lei!r} must be 20 upper-case letters or digits")
        if not re.fullmatch(r"[A-Z]{3}", self.base_currency):
            raise ValueError(f"base currency {self.base_currency!r} must be an ISO 4217 code")
        if not re.fullmatch(r"[A-Z]{2}", self.country):
            raise ValueError(f"country {self.country!r} must be an ISO 3166 alpha-2 code")

    @property
    def entity_id(self) -> str:
        """``rs:<LEI>.<IND|CON>``, the xBRL-CSV entity identifier."""
        return f"rs:{self.lei}.{self.level}"

    def parameter_rows(self) -> list[tuple[str, str]]:
        """The rows of parameters.csv, in the order EBA's sample writes them."""
        return [
            ("entityID", self.entity_id),
            ("refPeriod", self.reference_date.isoformat()),
            ("baseCurrency", f"iso4217:{self.base_currency}"),
            ("decimalsInteger", str(self.decimals_integer)),
            ("decimalsMonetary", str(self.decimals_monetary)),
        ]


@dataclass(frozen=True)
class PackageName:
    """The parts of ``<LEI>.<IND|CON>_<CC>_DORA010100_DORA_<date>_<timestamp>``."""

    lei: str
    level: str
    country: str
    reference_date: date
    timestamp: str

    def __str__(self) -> str:
        return (
            f"{self.lei}.{self.level}_{self.country}_{FRAMEWORK_VERSION}_{MODULE_CODE}_"
            f"{self.reference_date.isoformat()}_{self.timestamp}"
        )


def format_timestamp(moment: datetime) -> str:
    """``yyyyMMddHHmmssSSS`` (milliseconds)."""
    return moment.strftime("%Y%m%d%H%M%S") + f"{moment.microsecond // 1000:03d}"


def package_name(params: ReportParameters, moment: datetime) -> PackageName:
    """The package (zip and root folder) name for these parameters at this moment."""
    return PackageName(
        params.lei, params.level, params.country, params.reference_date, format_timestamp(moment)
    )


def parse_package_name(name: str) -> PackageName:
    """Split a package name (with or without ``.zip``); PackageNameError says what is wrong."""
    stem = name[:-4] if name.endswith(".zip") else name
    match = _NAME.match(stem)
    if not match:
        raise PackageNameError(
            Sentence(
                _("%(name)s does not match %(pattern)s"),
                name=repr(name),
                pattern=f"<LEI>.<IND|CON>_<CC>_{FRAMEWORK_VERSION}_{MODULE_CODE}_"
                "<YYYY-MM-DD>_<yyyyMMddHHmmssSSS>",
            )
        )
    try:
        ref = date.fromisoformat(match["refdate"])
        datetime.strptime(match["timestamp"][:14], "%Y%m%d%H%M%S")
    except ValueError as exc:
        raise PackageNameError(
            Sentence(
                _("%(name)s: invalid date or timestamp (%(error)s)"),
                name=repr(name),
                error=str(exc),
            )
        ) from exc
    return PackageName(match["lei"], match["level"], match["country"], ref, match["timestamp"])
