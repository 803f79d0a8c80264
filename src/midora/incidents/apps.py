from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "midora.incidents"
    label = "incidents"
    verbose_name = "Incidents"
