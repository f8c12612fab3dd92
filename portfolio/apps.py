from django.apps import AppConfig


class PortfolioConfig(AppConfig):
    """Learning-outcome frameworks, evidence, journal, self-evaluation and coverage (the portfolio issue)."""

    name = "portfolio"
    verbose_name = "Portfolio"
