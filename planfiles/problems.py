"""Problems found in a plan file, bounded: the first hundred are kept, the rest only counted."""

from django.utils.translation import gettext as _

#: Problems kept word for word; beyond them a file's report gives only their number.
MAX_PROBLEMS = 100


class PlanFileError(Exception):
    """The file cannot be loaded; ``problems`` lists the reasons (the first ``MAX_PROBLEMS``, then a count)."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class Problems:
    """A bounded list of problem lines; ``total`` counts every problem found."""

    def __init__(self, limit=MAX_PROBLEMS):
        self.limit = limit
        self.lines = []
        self.total = 0

    def add(self, line):
        self.total += 1
        if len(self.lines) < self.limit:
            self.lines.append(str(line))

    def __bool__(self):
        return self.total > 0

    def report(self):
        """The kept lines, followed by the number of the others."""
        lines = list(self.lines)
        if self.total > len(self.lines):
            lines.append(_("… and %(count)s more problem(s)") % {"count": f"{self.total - len(self.lines):,}"})
        return lines

    def raise_if_any(self):
        if self:
            raise PlanFileError(self.report())
