"""Closed lists of ICT assets, risks and acceptances."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AssetType(models.TextChoices):
    APPLICATION = "application", _("Application")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure (servers, cloud, platforms)")
    DATA_STORE = "data_store", _("Data store")
    NETWORK = "network", _("Network")
    INFORMATION = "information", _("Information asset")
    HOT_WALLET = "hot_wallet", _("Hot wallet")
    WARM_WALLET = "warm_wallet", _("Warm wallet")
    COLD_WALLET = "cold_wallet", _("Cold wallet")
    HSM = "hsm", _("Hardware security module (HSM)")
    MPC = "mpc", _("MPC key management")
    MULTISIG = "multisig", _("Multisig wallet")
    OTHER = "other", _("Other")


WALLET_AND_KEY_TYPES = frozenset(
    {"hot_wallet", "warm_wallet", "cold_wallet", "hsm", "mpc", "multisig"}
)


class ProtectionNeed(models.IntegerChoices):
    """Confidentiality, integrity or availability need of an asset."""

    LOW = 1, pgettext_lazy("protection need", "Low")
    MEDIUM = 2, pgettext_lazy("protection need", "Medium")
    HIGH = 3, pgettext_lazy("protection need", "High")
    VERY_HIGH = 4, pgettext_lazy("protection need", "Very high")


class Treatment(models.TextChoices):
    MITIGATE = "mitigate", pgettext_lazy("risk treatment", "Mitigate")
    ACCEPT = "accept", pgettext_lazy("risk treatment", "Accept")
    TRANSFER = "transfer", pgettext_lazy("risk treatment", "Transfer")
    AVOID = "avoid", pgettext_lazy("risk treatment", "Avoid")


class AcceptanceAuthority(models.TextChoices):
    MANAGEMENT_BODY = "management_body", pgettext_lazy("level accepting a risk", "Management body")
    RISK_COMMITTEE = (
        "risk_committee",
        pgettext_lazy("level accepting a risk", "Risk committee of the management body"),
    )
    EXECUTIVE = (
        "executive",
        pgettext_lazy("level accepting a risk", "Executive management (delegated)"),
    )
    ICT_RISK_FUNCTION = (
        "ict_risk_function",
        pgettext_lazy("level accepting a risk", "ICT risk management function"),
    )
