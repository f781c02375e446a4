"""disclosure-check: check a university's information-disclosure report against the MOE checklist."""

__version__ = "0.1.0"
