"""Joint-reception alerts: on every signed-in page (the session socket) and on the petition
office's board (``ws/alerts/``)."""

from live.consumers import LiveConsumer, Sequenced, SessionConsumer, language_of, run_db, shared
from live.realtime import group_name
from lobby import screens, selectors


def _pending(user, language: str) -> list[dict]:
    return [screens.alert_message(r, user, language=language) for r in selectors.alerts_pending_for_user(user)]


def _one(user, alert_id: int, language: str) -> dict | None:
    recipient = selectors.alert_recipient_for(user, alert_id=alert_id)
    if recipient is None or recipient.acknowledged_at is not None:
        return None
    return screens.alert_message(recipient, user, language=language)


class AlertSessionConsumer(Sequenced, SessionConsumer):
    """The session socket of every staff page (``ws/session/``), which also brings the person's
    joint-reception alerts: those pending when the page opens, then each one as it is raised.

    The alert reaches ``alerts.<user id>`` with its id only; the details are read here, for this
    user, and only if they are among its recipients.
    """

    async def connect(self):
        self.sequence_reset()
        self.language = language_of(self.scope)
        await super().connect()
        if getattr(self, "group", None) is None:
            return  # refused by the session consumer
        self.alerts_group = group_name("alerts", self.scope["user"].pk)
        await self.channel_layer.group_add(self.alerts_group, self.channel_name)
        await self.sequence_track(self.alerts_group)
        await self.send_alerts()

    async def disconnect(self, code):
        await super().disconnect(code)
        group = getattr(self, "alerts_group", None)
        if group:
            await self.channel_layer.group_discard(group, self.channel_name)

    async def send_json(self, content, close=False):
        await super().send_json(self.numbered(content), close=close)

    async def send_alerts(self):
        items = await run_db(_pending, self.scope["user"], self.language)
        await self.send_json({"type": "alerts", "items": items})

    async def receive_json(self, content, **kwargs):
        kind = content.get("type") if isinstance(content, dict) else None
        if kind == "snapshot":
            await self.send_alerts()
            return
        if kind == "ping":  # renew the memberships (see LiveConsumer.rejoin)
            for group in (self.group, self.alerts_group):
                await self.channel_layer.group_add(group, self.channel_name)
        await super().receive_json(content, **kwargs)

    async def alert_raised(self, event):
        if not self.in_turn(event):
            await self.send_alerts()
            return
        item = await run_db(_one, self.scope["user"], int(event["alert"]), self.language)
        if item is not None:
            await self.send_json({"type": "alert", **item})

    async def alert_acknowledged(self, event):
        if not self.in_turn(event):
            await self.send_alerts()
            return
        await self.send_json({"type": "alert.acknowledged", "id": int(event["alert"])})


class AlertBoardConsumer(LiveConsumer):
    """The petition office's board: every recent alert, who acknowledged and who has not."""

    async def authorize(self):
        if not self.authenticated() or not await run_db(selectors.may_see_alert_board, self.user):
            return None
        return [group_name("alerts")]

    async def snapshot(self):
        return await run_db(screens.alert_board_snapshot, self.user, language=self.language)

    async def _changed(self, event):
        async def update():
            key = ("alerts", self.user.pk, self.language, event["group"], event["seq"])
            return await shared.get(key, screens.alert_board_snapshot, self.user, language=self.language)

        await self.relay(event, update)

    alert_raised = _changed
    alert_acknowledged = _changed
