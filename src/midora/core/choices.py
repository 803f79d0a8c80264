"""Closed lists of the core records."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CryptoService(models.TextChoices):
    """The ten crypto-asset services of MiCA Art. 3(1)(16), points (a) to (j)."""

    CUSTODY = "custody", _("(a) Custody and administration of crypto-assets on behalf of clients")
    TRADING_PLATFORM = (
        "trading_platform",
        _("(b) Operation of a trading platform for crypto-assets"),
    )
    EXCHANGE_FIAT = "exchange_fiat", _("(c) Exchange of crypto-assets for funds")
    EXCHANGE_CRYPTO = "exchange_crypto", _("(d) Exchange of crypto-assets for other crypto-assets")
    EXECUTION = "execution", _("(e) Execution of orders for crypto-assets on behalf of clients")
    PLACING = "placing", _("(f) Placing of crypto-assets")
    RECEPTION_TRANSMISSION = (
        "reception_transmission",
        _("(g) Reception and transmission of orders for crypto-assets on behalf of clients"),
    )
    ADVICE = "advice", _("(h) Providing advice on crypto-assets")
    PORTFOLIO_MANAGEMENT = "portfolio_management", _("(i) Portfolio management on crypto-assets")
    TRANSFER = "transfer", _("(j) Transfer services for crypto-assets on behalf of clients")


CRYPTO_SERVICE_SHORT = {
    "custody": _("Custody"),
    "trading_platform": _("Trading platform"),
    "exchange_fiat": _("Exchange (funds)"),
    "exchange_crypto": _("Exchange (crypto)"),
    "execution": _("Execution"),
    "placing": _("Placing"),
    "reception_transmission": "RTO",
    "advice": _("Advice"),
    "portfolio_management": _("Portfolio mgmt"),
    "transfer": _("Transfer"),
}


def service_labels(codes: list[str]) -> list[str]:
    """Short labels of crypto-asset service codes, for lists and tables."""
    return [str(CRYPTO_SERVICE_SHORT.get(code, code)) for code in codes or []]


class MicaStatus(models.TextChoices):
    APPLICANT = "applicant", _("Applicant (authorisation pending)")
    AUTHORISED = "authorised", _("Authorised CASP")
    NOT_IN_SCOPE = "not_in_scope", _("Not in MiCA scope")


class OfferingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned (in the application)")
    ACTIVE = "active", _("Offered")
    SUSPENDED = "suspended", _("Suspended")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Criticality(models.TextChoices):
    """DORA Art. 3(22): a function whose disruption would materially impair the entity."""

    CRITICAL_OR_IMPORTANT = "critical", _("Critical or important")
    NOT_CRITICAL = "not_critical", _("Not critical or important")


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    COMPLIANCE_MANAGER = "compliance_manager", _("Compliance manager")
    CONTRIBUTOR = "contributor", _("Contributor")
    AUDITOR = "auditor", _("Auditor (read-only)")
    BOARD_MEMBER = "board_member", _("Board member")


class AuditAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")
    DELETE = "delete", _("Deleted")


class AuthorityHolidayKind(models.TextChoices):
    CLOSED = "closed", _("closed (an extra holiday)")
    OPEN = "open", _("open (works on a listed holiday)")
