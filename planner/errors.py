"""Domain errors: bad input names the field at fault and says what is wrong."""


class InputError(ValueError):
    """Input that cannot make a plan; `field` names what to fix.

    Both are kept writable: a message quoting a lone surrogate of the input (JSON's "\\ud800")
    shows its escape instead, so no page, JSON answer or terminal fails to print it."""

    def __init__(self, field: str, message: str) -> None:
        field, message = writable(field), writable(message)
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def writable(text: str) -> str:
    """Return text that UTF-8 can encode: a lone surrogate becomes its escape, \\ud800."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")
