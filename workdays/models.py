from django.db import models
from django.utils.translation import gettext_lazy as _


class ClosureDay(models.Model):
    """A day the offices are closed beyond weekends and Korean public holidays (e.g. a holiday declared late)."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=100, help_text=_("e.g. 임시공휴일 or 개청 기념일"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("closure day")
        verbose_name_plural = _("closure days")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date} {self.name}"
