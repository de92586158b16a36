"""The query parameters of a page: read through a form, so that a bad value answers 400 naming it.

Every page declares the forms (or filter sets) its parameters come from: a class-based view in
``query_forms``, a function view with the ``@query_forms(...)`` decorator (outermost). A parameter a page
does not declare is ignored. The tests send hostile values to every declared parameter of every page.
"""

from django import forms
from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

#: How many years before and after today a date or plan year a page is asked about may lie.
QUERY_YEARS_AROUND = 100
#: The most rows a page shows; ``per_page`` above it is refused.
MAX_PER_PAGE = 200
#: The highest page number asked: beyond the pages of the largest list, and far from any overflow.
MAX_PAGE = 1_000_000


def query_forms(*classes):
    """Declare the forms or filter sets holding a function view's query parameters."""

    def declare(view):
        view.query_forms = classes
        return view

    return declare


def declared_query_forms(view):
    """The forms a resolved view declares (``None`` when it declares nothing)."""
    # Django's class-based views keep their class in ``view_class``, REST framework's view sets in ``cls``.
    view_class = getattr(view, "view_class", None) or getattr(view, "cls", None)
    return getattr(view_class, "query_forms", None) if view_class else getattr(view, "query_forms", None)


def query_error(form):
    """A 400 answer naming each bad parameter and why it was refused."""
    problems = []
    for name, errors in form.errors.items():
        label = name if name != forms.forms.NON_FIELD_ERRORS else _("query")
        problems.append(f"{label}: {' '.join(errors)}")
    return BadRequest(_("Bad query parameter. %(problems)s") % {"problems": "; ".join(problems)})


def read_query(request, form_class, **kwargs):
    """The cleaned values of ``form_class`` read from the query string; raises BadRequest (400) if any is bad."""
    form = form_class(request.GET, **kwargs)
    if not form.is_valid():
        raise query_error(form)
    return form.cleaned_data


class PageForm(forms.Form):
    """The page of a paginated list."""

    page = forms.IntegerField(label=gettext_lazy("page"), required=False, min_value=1, max_value=MAX_PAGE)


class TableQueryForm(PageForm):
    """The page, rows per page and sort of a django-tables2 table (which reads them itself once they are valid)."""

    per_page = forms.IntegerField(
        label=gettext_lazy("rows per page"), required=False, min_value=1, max_value=MAX_PER_PAGE
    )
    sort = forms.CharField(label=gettext_lazy("sort"), required=False, max_length=100)


class NextForm(forms.Form):
    """Where to go afterwards: Django's sign-in and sign-out views check it against the site's own host."""

    next = forms.CharField(label=gettext_lazy("next"), required=False)
