from django.urls import path

from midora.authorisation import views
from midora.authorisation.registers import dossiers, people, requests
from midora.core.views.area import area_register_urls

app_name = "authorisation"

urlpatterns = [
    path("", views.index, name="index"),
    path("board/", views.board_page, name="board"),
    path("open/<int:entity_id>/", views.open_for_entity, name="open"),
    path("dossier/<int:pk>/", views.dossier_page, name="dossier"),
    path("dossier/<int:pk>/sync/", views.dossier_sync, name="dossier_sync"),
    path("dossier/<int:pk>/baseline/", views.dossier_baseline, name="dossier_baseline"),
    path("items/<int:pk>/", views.item_page, name="item"),
    path("items/<int:pk>/move/", views.item_move, name="item_move"),
    path("items/<int:pk>/attach/", views.item_attach, name="item_attach"),
    path("items/<int:pk>/comment/", views.item_comment, name="item_comment"),
    path("attachments/<int:pk>/pin/", views.attachment_pin, name="attachment_pin"),
    path("attachments/<int:pk>/remove/", views.attachment_remove, name="attachment_remove"),
    path("people/<int:pk>/documents/", views.person_document_add, name="person_document_add"),
    path(
        "people/documents/<int:pk>/download/",
        views.person_document_download,
        name="person_document_download",
    ),
]
urlpatterns += area_register_urls(dossiers)
urlpatterns += area_register_urls(people, detail_view=views.PersonDetailView)
urlpatterns += area_register_urls(requests)
