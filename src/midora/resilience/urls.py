from django.urls import path

from midora.core.views.area import area_register_urls
from midora.resilience import views
from midora.resilience.registers import findings, programmes, tests

app_name = "resilience"

urlpatterns = [
    path("", views.index, name="index"),
    path("coverage/", views.coverage_page, name="coverage"),
]
urlpatterns += area_register_urls(programmes)
urlpatterns += area_register_urls(tests)
urlpatterns += area_register_urls(findings)
