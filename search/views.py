from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from search import selectors
from search.forms import SearchForm


@require_GET
@login_required
def results(request):
    form = SearchForm(request.GET if "q" in request.GET else None)
    groups = selectors.search(request.user, form.cleaned_data["q"]) if form.is_valid() else []
    context = {
        "form": form,
        "query": form.cleaned_data["q"] if form.is_valid() else "",
        "groups": groups,
        "found": sum(len(g.hits) for g in groups),
    }
    return render(request, "search/results.html", context)
