"""The portal's user model."""

import unicodedata

from django.contrib.auth.models import AbstractUser
from django.utils.translation import gettext_lazy as _


def _is_cjk(text: str) -> bool:
    return bool(text) and all("CJK" in unicodedata.name(ch, "") for ch in text if not ch.isspace())


class User(AbstractUser):
    """A person who signs in: staff, leaders, proxy agents, administrators.

    Residents never sign in; they follow their cases with a tracking code.
    """

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        swappable = "AUTH_USER_MODEL"

    def get_full_name(self) -> str:
        family, given = self.last_name.strip(), self.first_name.strip()
        if _is_cjk(family + given):
            # Chinese names read family name first, without a space: 王建国.
            return f"{family}{given}"
        return f"{given} {family}".strip()

    def __str__(self) -> str:
        return self.get_full_name() or self.get_username()
