from django.urls import path

from midora.core.registers import REGISTERS
from midora.core.views import audit_log, pages, second_factor, tokens
from midora.core.views.generic import register_urls

app_name = "core"

urlpatterns = [
    path("", pages.home, name="home"),
    path("scope/", pages.scope_map, name="scope_map"),
    path("audit/", audit_log.audit_log, name="audit_log"),
    path("account/tokens/", tokens.token_list, name="tokens"),
    path("account/tokens/<int:pk>/revoke/", tokens.token_revoke, name="token_revoke"),
    path("account/second-factor/", second_factor.enrol, name="second_factor_enrol"),
    path("account/second-factor/verify/", second_factor.verify, name="second_factor_verify"),
]
for _register in REGISTERS:
    urlpatterns += register_urls(_register)
