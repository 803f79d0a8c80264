from django.apps import AppConfig


class BoardPackConfig(AppConfig):
    name = "midora.boardpack"
    label = "boardpack"
    verbose_name = "Board pack and dashboards"
