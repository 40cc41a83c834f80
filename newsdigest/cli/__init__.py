"""Command line: parse (``parser``), call the library and print (``commands``, ``stream``). No
pipeline logic lives here."""
from .main import main

__all__ = ["main"]
