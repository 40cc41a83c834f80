"""The package as users get it: a built wheel in a fresh venv, and every import declared."""
import ast
import re
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _declared() -> dict[str, str]:
    """Normalised distribution name -> the group that declares it ("" for the default install)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    groups = {"": project["dependencies"], **project["optional-dependencies"]}
    found = {}
    for group, requirements in groups.items():
        for requirement in requirements:
            name = re.match(r"[A-Za-z0-9_.\-]+", requirement).group(0)
            found.setdefault(re.sub(r"[-_.]+", "-", name).lower(), group)
    return found


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


# Installed by the Makefile with --no-deps (its declared dependencies, spacy, textacy and numba,
# are not what its metrics import); pinned there, and the code names the same pin.
WITHOUT_DEPS = {"tilse": "tilse==0.2.1"}


def test_every_package_the_code_imports_is_pinned_in_pyproject():
    from newsdigest.evaluate.timelines import TILSE

    makefile = (ROOT / "Makefile").read_text()
    assert all(f"--no-deps {pin}" in makefile for pin in WITHOUT_DEPS.values()) and TILSE == WITHOUT_DEPS["tilse"]
    declared = _declared() | {name: "Makefile" for name in WITHOUT_DEPS}
    owners = packages_distributions()
    missing = []
    for path in (ROOT / "newsdigest").rglob("*.py"):
        for module in _imports(path) - set(sys.stdlib_module_names) - {"newsdigest"}:
            dists = [re.sub(r"[-_.]+", "-", d).lower() for d in owners.get(module, [module])]
            if not any(d in declared for d in dists):
                missing.append(f"{path.relative_to(ROOT)}: {module}")
    assert not missing, missing
    pins = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert all("==" in p for p in pins)


def test_the_wheel_installs_with_the_pip_a_fresh_venv_ships_and_summarizes_the_example(tmp_path):
    """What a user does: ``python3 -m venv``, ``pip install newsdigest-….whl``, run it. The venv's
    own pip (23.2 on Python 3.11) does not resolve extras of extras, so the code's imports must
    be direct dependencies; the HTML page of the example needs lxml.html.clean through jusText."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path / "dist"),
                    str(ROOT)], check=True, capture_output=True)
    wheel, = (tmp_path / "dist").glob("newsdigest-*.whl")
    base = getattr(sys, "_base_executable", sys.executable)
    venv = tmp_path / "venv"
    subprocess.run([base, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    bundled = subprocess.run([python, "-m", "pip", "--version"], capture_output=True, text=True, check=True).stdout
    install = subprocess.run([python, "-m", "pip", "install", "-q", str(wheel)], capture_output=True, text=True)
    assert install.returncode == 0, install.stderr[-2000:]
    run = subprocess.run([venv / "bin" / "newsdigest", "summarize", str(ROOT / "examples" / "harbour-bridge"),
                          "--format", "markdown"], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, (bundled, run.stderr)
    assert "internal error" not in run.stderr
    assert "`03_valley-news.html`" in run.stdout  # the HTML page was read and cited
    assert "5 articles read, 4 distinct" in run.stdout
    # the installed copy ran, not this checkout
    where = subprocess.run([python, "-c", "import newsdigest; print(newsdigest.__file__)"], capture_output=True,
                           text=True, cwd=tmp_path, check=True).stdout
    assert str(venv) in where


def test_license_is_an_spdx_string():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "MIT" and (ROOT / "LICENSE").is_file()
