"""Domain errors: bad input names the field at fault and says what is wrong."""


class InputError(ValueError):
    """Input that cannot make a plan; `field` names what to fix."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
