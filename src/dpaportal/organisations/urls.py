from django.urls import path

from dpaportal.organisations import views

app_name = "organisations"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("members/", views.members, name="members"),
    path("members/<int:member_id>/role/", views.set_role, name="set_role"),
    path("members/<int:member_id>/remove/", views.remove, name="remove"),
    path("invitations/<int:invitation_id>/revoke/", views.revoke, name="revoke"),
]
