from django.urls import include, path
from django.views.i18n import set_language

from dpaportal import health, views
from dpaportal.organisations import invitation_views

invitation_patterns = (
    [path("<str:token>/", invitation_views.accept, name="accept")],
    "invitations",
)

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("accounts/", include("dpaportal.accounts.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("invitations/", include(invitation_patterns)),
    path("o/<slug:slug>/", include("dpaportal.organisations.urls")),
    path("o/<slug:slug>/dpa/", include("dpaportal.agreements.urls")),
    path("staff/", include("dpaportal.staff.urls")),
]
