"""The shape docs/design.md promises: packages whose __init__ only re-exports, functions a reader
can hold in view, and data flowing one way (no stage imports a later one)."""
import ast
import io
import tokenize
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "newsdigest"

# The flow, from the records everything shares to the front ends. A module may import from its
# own layer or a lower one, never a higher one.
LAYERS = [
    {"errors", "model", "settings", "lexicon", "atomic", "config", "__version__", "data"},
    {"language"},
    {"vectors", "outlets", "compress"}, {"support"},
    {"ingest"}, {"clean"}, {"dedup"}, {"segment"}, {"methods"}, {"attribute"}, {"timelines"}, {"analyze"}, {"llm"},
    {"render"}, {"pipeline", "__init__"},
    {"evaluate", "stream"},
    {"api", "spark"},
    {"cli"},
]
LAYER = {name: n for n, names in enumerate(LAYERS) for name in names}
ENTRY_POINTS = {"spark/job.py"}  # the file spark-submit runs: it calls the CLI, like cli/__main__.py


def _code_lines(source: str) -> int:
    """Lines holding code: not blank, not a comment, not a docstring."""
    docstrings = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                docstrings.update(range(first.lineno, first.end_lineno + 1))
    lines = set()
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER}
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type not in skip:
            lines.update(n for n in range(tok.start[0], tok.end[0] + 1) if n not in docstrings)
    return len(lines)


def _modules():
    return sorted(PACKAGE.rglob("*.py"))


def test_package_inits_only_re_export():
    for path in PACKAGE.rglob("__init__.py"):
        tree = ast.parse(path.read_text())
        # a PEP 562 ``__getattr__`` over ``_LAZY`` names is a re-export too, made on first use
        logic = [type(n).__name__ for n in tree.body
                 if not isinstance(n, (ast.Import, ast.ImportFrom, ast.Expr))
                 and not (isinstance(n, ast.Assign) and [t.id for t in n.targets if isinstance(t, ast.Name)]
                          in (["__all__"], ["__version__"], ["_LAZY"]))
                 and not (isinstance(n, ast.FunctionDef) and n.name == "__getattr__")]
        assert not logic, f"{path.relative_to(PACKAGE)} holds {logic}"
        assert _code_lines(path.read_text()) <= 40, path


def test_no_function_is_longer_than_60_lines():
    long = [f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1} lines)"
            for path in _modules() for node in ast.walk(ast.parse(path.read_text()))
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno + 1 > 60]
    assert not long, long


def _imported(path: Path) -> set[str]:
    """The top-level newsdigest modules ``path`` imports."""
    here = path.relative_to(PACKAGE).parts
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("newsdigest."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.ImportFrom) and node.level > 0:
            base = list(here[:-1])[:len(here) - node.level]
            target = base + (node.module.split(".") if node.module else [node.names[0].name])
            found.add(target[0].removesuffix(".py"))
    return found


def test_data_flows_one_way_no_stage_imports_a_later_one():
    upward = []
    for path in _modules():
        name = path.relative_to(PACKAGE)
        if str(name) in ENTRY_POINTS:
            continue
        own = name.parts[0].removesuffix(".py")
        assert own in LAYER, f"{name}: add {own!r} to a layer of LAYERS"
        upward += [f"{name} imports {other}" for other in _imported(path) - {own}
                   if LAYER.get(other, 0) > LAYER[own]]
    assert not upward, upward


def test_every_benchmark_imports_common_before_newsdigest():
    # benchmarks/common.py puts its own tree first on sys.path, so a script run from a worktree of
    # another commit times that commit's package; that holds only if it is imported first
    late = []
    for script in sorted((PACKAGE.parent / "benchmarks").glob("*.py")):
        order = [name for name in _top_level_imports(script) if name in ("common", "newsdigest")]
        if script.name != "common.py" and "newsdigest" in order and order[0] != "common":
            late.append(script.name)
    assert late == []


def _top_level_imports(path: Path) -> list[str]:
    """The top-level names of the modules ``path`` imports at module level, in order."""
    names = []
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            names += [alias.name.split(".")[0] for alias in node.names]
    return names
