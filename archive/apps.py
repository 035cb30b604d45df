from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "archive"
    verbose_name = "آرشیو"

    def ready(self) -> None:
        # Connects the write watcher that keeps the public pages' cache fresh.
        from archive import pagecache  # noqa: F401
