"""A file mail backend whose process dies (SIGKILL: no cleanup, no exception) before the third message."""

from __future__ import annotations

import os
import signal

from django.core.mail.backends.filebased import EmailBackend as FileBackend

SENT = [0]


class EmailBackend(FileBackend):
    def __init__(self, *args, **kwargs) -> None:
        kwargs["file_path"] = os.environ["ALERT_MAIL_DIR"]
        super().__init__(*args, **kwargs)

    def send_messages(self, email_messages):
        SENT[0] += len(email_messages)
        if SENT[0] >= 3:
            os.kill(os.getpid(), signal.SIGKILL)
        return super().send_messages(email_messages)
