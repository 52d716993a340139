from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BenchRow(models.Model):
    """A throwaway row written by the benchmark's one-INSERT baseline view (``/_bench/insert/``); no feature
    reads it. It exists so every benchmark run can compare features with the cost of a single ORM INSERT."""

    payload = models.CharField(_("payload"), max_length=64)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("benchmark row")
        verbose_name_plural = _("benchmark rows")

    def __str__(self) -> str:
        return self.payload
