"""Login and logout pages."""

from __future__ import annotations

from django.contrib.auth import views as auth_views

from dpaportal.accounts.forms import EmailLoginForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailLoginForm
    redirect_authenticated_user = True
