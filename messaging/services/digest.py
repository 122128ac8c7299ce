"""The daily digest: each person's held work messages, in one message linking to their inbox."""

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from messaging.models import Category, State, WorkMessage
from messaging.services.outbox import case_link

LINES = 20


@transaction.atomic
def digests_build(*, now: datetime | None = None) -> int:
    """One digest per person with held messages (run it once a day; the key holds the first message held)."""
    now = now or timezone.now()
    day = timezone.localdate(now).isoformat()
    held = list(
        WorkMessage.objects.select_for_update().filter(state=State.HELD).order_by("user_id", "created_at", "pk")
    )
    by_user: dict[int, list[WorkMessage]] = {}
    for message in held:
        by_user.setdefault(message.user_id, []).append(message)
    made = 0
    with override(settings.LANGUAGE_CODE):
        for user_id, messages in by_user.items():
            lines = [f"· {m.text}" for m in messages[:LINES]]
            if len(messages) > LINES:
                lines.append(_("… and %(n)s more in your inbox.") % {"n": len(messages) - LINES})
            digest, created = WorkMessage.objects.get_or_create(
                key=f"digest:{user_id}:{day}:{messages[0].pk}",
                defaults={
                    "user_id": user_id,
                    "category": Category.OTHER,
                    "created_at": now,
                    "next_attempt_at": now,
                    "text": (_("Today's %(n)s messages:") % {"n": len(messages)} + "\n" + "\n".join(lines))[:1000],
                    "link": case_link(None),
                },
            )
            made += int(created)
            WorkMessage.objects.filter(pk__in=[m.pk for m in messages]).update(state=State.DIGESTED, digest=digest)
    return made
