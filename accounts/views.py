from django.conf import settings
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from accounts.roles import actor_for


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
