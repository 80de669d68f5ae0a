"""Errors a user can act on. Each message names the file and, where known, the place and the reason."""


class CchcError(Exception):
    """Base class for every error cchc reports to a user without a traceback."""


class InputError(CchcError):
    """The input file cannot be read as a plan document (empty, truncated, garbage, too large...)."""


class PlanFormatError(InputError):
    """The document was read but its structure is not a plan we can interpret."""
