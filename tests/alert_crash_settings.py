"""Settings of a `send_alerts` that is killed (SIGKILL) as it hands its third message to the mail server."""

from core.settings import *  # noqa: F403

MAILERS = {"default": {"BACKEND": "tests.alert_crash_mail.EmailBackend", "OPTIONS": {"file_path": ""}}}
