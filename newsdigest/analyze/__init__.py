"""The cross-source layer: quotations by speaker, facts reported differently, entities, names."""
from .disagree import find_disagreements
from .entities import find_entities
from .quotes import find_quotes

__all__ = ["find_disagreements", "find_entities", "find_quotes"]
