"""Development backends: print to the console, or append to a JSON-lines file outbox.

Neither sends anything anywhere; both mask phone numbers as the logs do.
"""

import json
import sys
import threading
import uuid
from pathlib import Path

from messaging.backends.base import Sms, Work
from messaging.rules import mask_phone, mask_text

_lock = threading.Lock()


class ConsoleSms:
    name = "console"

    def send(self, sms: Sms) -> str:
        sys.stdout.write(f"[SMS to {mask_phone(sms.to)}] {mask_text(sms.text)}\n")
        return f"console-{uuid.uuid4().hex[:12]}"


class ConsoleWork:
    name = "console"

    def send(self, work: Work) -> str:
        sys.stdout.write(f"[work message to {work.messenger_id}] {work.title}: {mask_text(work.text)} {work.link}\n")
        return f"console-{uuid.uuid4().hex[:12]}"


class FileOutbox:
    """One JSON object per line in ``<OUTBOX_DIR>/<file>``."""

    def __init__(self, directory: str, filename: str):
        self.path = Path(directory) / filename

    def append(self, record: dict) -> str:
        record = {"id": f"file-{uuid.uuid4().hex[:12]}", **record}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with _lock, self.path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return record["id"]


class FileSms(FileOutbox):
    name = "file"

    def __init__(self, directory: str):
        super().__init__(directory, "sms.jsonl")

    def send(self, sms: Sms) -> str:
        return self.append(
            {
                "key": sms.key,
                "to": mask_phone(sms.to),
                "template": sms.template_code,
                "params": sms.params,
                "text": mask_text(sms.text),
            }
        )


class FileWork(FileOutbox):
    name = "file"

    def __init__(self, directory: str):
        super().__init__(directory, "work.jsonl")

    def send(self, work: Work) -> str:
        return self.append(
            {
                "key": work.key,
                "to": work.messenger_id,
                "title": work.title,
                "text": mask_text(work.text),
                "link": work.link,
            }
        )
