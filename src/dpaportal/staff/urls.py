from django.urls import path

from dpaportal.staff import (
    board_views,
    processor_views,
    registry_views,
    review_views,
    version_views,
    views,
)

app_name = "staff"

urlpatterns = [
    path("organisations/", views.organisations, name="organisations"),
    path("board/", board_views.status_board, name="board"),
    path("board.csv", board_views.status_board_csv, name="board_csv"),
    path("reviews/", review_views.queue, name="reviews"),
    path("reviews/<int:pk>/", review_views.review, name="review"),
    path(
        "reviews/<int:pk>/<slug:side>/<int:number>.png",
        review_views.page_image,
        name="review_page",
    ),
    path("reviews/<int:pk>/approve/", review_views.approve, name="review_approve"),
    path("reviews/<int:pk>/reject/", review_views.reject, name="review_reject"),
    path("processor/", processor_views.processor_details, name="processor"),
    path("subprocessors/", registry_views.registry, name="subprocessors"),
    path("subprocessors/new/", registry_views.add_entry, name="subprocessor_new"),
    path("subprocessors/<int:pk>/", registry_views.edit_entry, name="subprocessor"),
    path("versions/", version_views.versions, name="versions"),
    path("versions/new/", version_views.start, name="version_start"),
    path("versions/<int:pk>/", version_views.detail, name="version"),
    path("versions/<int:pk>/number/", version_views.renumber, name="version_number"),
    path("versions/<int:pk>/publish/", version_views.publish, name="version_publish"),
    path(
        "versions/<int:pk>/edit/<slug:language>/",
        version_views.edit_text,
        name="version_edit",
    ),
    path(
        "versions/<int:pk>/preview/<slug:language>/",
        version_views.preview_html,
        name="version_preview",
    ),
    path(
        "versions/<int:pk>/preview/<slug:language>.pdf",
        version_views.preview_pdf,
        name="version_pdf",
    ),
]
