"""The summary alone, one sentence a line: what benchmarks and shell pipes read."""
from ..model import Summary


def render(summary: Summary) -> str:
    return "".join(s.text + "\n" for s in summary.sentences)
