"""Shared state for ``seed_demo``: the accounts it made and the objects later apps build on."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model


@dataclass
class Demo:
    password: str
    logins: list[tuple[str, str]] = field(default_factory=list)
    objects: dict = field(default_factory=dict)

    def user(self, *, email: str, full_name: str, role: str | None = None, **extra):
        """The demo account for ``email``, created once; listed among the printed logins when ``role``."""
        User = get_user_model()
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, self.password, full_name=full_name, **extra)
        if role:
            self.logins.append((role, email))
        return user


def seed(demo: Demo) -> None:
    demo.user(
        email="operator@nasenco.example",
        full_name="Platform Operator",
        role="Platform operator (Django admin)",
        is_staff=True,
        is_superuser=True,
    )
