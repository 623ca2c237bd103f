from django.urls import path

from dpaportal.agreements import manual_views, signing_views, views

app_name = "agreements"

urlpatterns = [
    path("", views.page, name="page"),
    path("settings/", views.edit_settings, name="settings"),
    path("draft/", views.draft, name="draft"),
    path("draft.pdf", views.draft, {"as_pdf": True}, name="draft_pdf"),
    path("inform/", views.inform, name="inform"),
    path("sign/", signing_views.sign_page, name="sign_page"),
    path("sign/reading/", signing_views.reading, name="reading"),
    path("sign/submit/", signing_views.sign, name="sign"),
    path("signed/<int:agreement_id>.pdf", views.download, name="download"),
    path("manual.pdf", manual_views.download_for_signing, name="manual_pdf"),
    path("upload/", manual_views.upload, name="upload"),
]
