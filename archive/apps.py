from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "archive"
    verbose_name = "آرشیو"

    def ready(self) -> None:
        # Connects the signals that keep the editors' gazetteer current.
        from archive.extract import gazetteer_cache  # noqa: F401
