"""Natural keys: every record a plan file refers to is found by values people read."""

from django.db import models


def follow(obj, path):
    """The value at a ``__``-separated attribute path, or None past an empty relation."""
    for name in path.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, name)
    return obj


class NaturalKeyManager(models.Manager):
    def get_by_natural_key(self, *values):
        return self.get(**dict(zip(self.model.NATURAL_KEY, values, strict=True)))


class NaturalKeyModel(models.Model):
    """A model whose ``NATURAL_KEY`` names the lookups that identify one row."""

    NATURAL_KEY: tuple[str, ...] = ()

    objects = NaturalKeyManager()

    class Meta:
        abstract = True

    def natural_key(self):
        return tuple(follow(self, path) for path in self.NATURAL_KEY)
