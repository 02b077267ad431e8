"""A marker for strings translated where they are shown (extracted by Babel as N_)."""


def N_(message: str) -> str:
    return message
