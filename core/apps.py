"""App configs that give third-party apps a Persian name in the admin."""

from axes.apps import AppConfig as AxesAppConfig


class AxesConfig(AxesAppConfig):
    """django-axes (the login lock) names its admin section «Axes», untranslatable: ours is Persian."""

    verbose_name = "قفل ورود"
