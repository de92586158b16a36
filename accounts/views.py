from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from accounts.roles import actor_for
from common.query import NextForm, query_forms


@query_forms()
@require_GET
def home(request):
    """Where ``/`` leads: one's work list when signed in, the login page otherwise."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    return redirect("reviews:dashboard" if actor_for(request.user).reads_everything else "my:work")


def locked_out(request, original_response=None, credentials=None):
    """The page shown while repeated failed logins are throttled (django-axes' lockout response)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)


class SignInView(auth_views.LoginView):
    query_forms = (NextForm,)


class SignOutView(auth_views.LogoutView):
    query_forms = (NextForm,)


class PasswordChangeView(auth_views.PasswordChangeView):
    query_forms = ()


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    query_forms = ()
