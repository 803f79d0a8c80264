from django.apps import AppConfig


class IctRiskConfig(AppConfig):
    name = "midora.ictrisk"
    label = "ictrisk"
    verbose_name = "ICT risk"
