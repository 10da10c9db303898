"""Practice: picking questions, checking answers, and the terminal session."""

__all__: list[str] = []
