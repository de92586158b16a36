"""The person's API tokens page: make one (its secret shown once), see them, revoke one."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from api.tokens import LIFETIMES, api_token_create, api_token_revoke, api_tokens_of
from common.query import query_forms


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Token name"), max_length=100, help_text=gettext_lazy("What the token is for.")
    )
    days = forms.TypedChoiceField(
        label=gettext_lazy("Expires after"),
        coerce=int,
        choices=[(days, ngettext_lazy("%(days)d day", "%(days)d days", days) % {"days": days}) for days in LIFETIMES],
        initial=90,
    )
    read_only = forms.BooleanField(
        label=gettext_lazy("Read-only"), required=False, help_text=gettext_lazy("It can read but change nothing.")
    )


def _page(request, *, form, new=None, status=200):
    context = {"form": form, "tokens": api_tokens_of(request.user), "new": new, "now": timezone.now()}
    return render(request, "api/tokens.html", context, status=status)


@query_forms()
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def token_list(request):
    if request.method != "POST":
        return _page(request, form=TokenForm())
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form=form, status=400)
    try:
        new = api_token_create(user=request.user, now=timezone.now(), **form.cleaned_data)
    except ValidationError as exc:
        form.add_error(None, exc)
        return _page(request, form=form, status=400)
    return _page(request, form=TokenForm(), new=new, status=201)


@query_forms()
@require_POST
@login_required
def token_revoke(request, pk):
    if api_token_revoke(user=request.user, token_id=pk, now=timezone.now()):
        messages.success(request, _("The token was revoked."))
    return redirect("tokens:list")
