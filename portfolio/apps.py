from django.apps import AppConfig


class PortfolioConfig(AppConfig):
    """Learning-outcome frameworks, evidence, journal, self-evaluation and coverage (the portfolio issue)."""

    name = "portfolio"
    verbose_name = "Portfolio"

    def ready(self) -> None:
        from enrolment.places import on_place_given

        from .services import portfolio_for

        on_place_given(portfolio_for)  # a place given opens its portfolio, so no page writes on GET
