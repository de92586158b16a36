"""Every query parameter of the API read through a declared form (``common.query``): a bad one is a 400 naming it."""

from django_filters import FilterSet

from api.filters import read_query


class DeclaredQueryMixin:
    """Validates the forms in ``query_forms`` before the view runs; their values are in ``self.query``.

    Filter sets in ``query_forms`` are declared for the record and applied by the view itself.
    """

    query_forms = ()
    query = {}  # until ``initial`` has read the request (e.g. while the OpenAPI document is made)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        query = {}
        for form_class in self.query_forms:
            if not issubclass(form_class, FilterSet):
                query.update(read_query(request, form_class))
        self.query = query
