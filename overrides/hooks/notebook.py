"""A section's code as a Jupyter notebook, built from the same page model the tests execute.

The cells follow the page: the title and a link back, a cell that installs what the code imports
(at the versions this project tests, skipped when they are already installed), then every python
block in page order under the heading it belongs to. Blocks in content tabs are labelled as
alternatives; a block marked md:no-run becomes a skipped cell that says why. Each code cell
carries the output the page shows under the block (its ```output fence), so the notebook reads
like the page before it is run. Built with nbformat, the Jupyter project's own library.

Pure module (no MkDocs imports): the hooks publish the notebooks, scripts/examples.py and the tests
execute them.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from pathlib import Path

import nbformat
from nbformat import v4

from frontmatter import Problem
from source_page import SourcePage

# Import name -> distribution that provides it, for every library the pages' code may import.
# A page that imports anything else (outside the standard library) fails the build: the notebook
# could not install it, and the test environment would not have it either.
DISTRIBUTIONS = {
    "cv2": "opencv-python-headless",
    "fastapi": "fastapi",
    "flask": "flask",
    "keras": "keras",
    "matplotlib": "matplotlib",
    "numpy": "numpy",
    "onnx": "onnx",
    "onnxruntime": "onnxruntime",
    "onnxscript": "onnxscript",
    "optuna": "optuna",
    "pydantic": "pydantic",
    "sklearn": "scikit-learn",
    "starlette": "starlette",
    "tokenizers": "tokenizers",
    "torch": "torch",
    "transformers": "transformers",
    "httpx": "httpx2",
}
# Where a newer release than the tested one is fine and reinstalling would be costly (hosted
# notebooks such as Colab ship their own PyTorch build), the tested version is only a minimum.
MINIMUM_ONLY = {"torch"}
SKIP_TAG = "skip-execution"  # nbclient skips cells with this tag (its skip_cells_with_tag default)
KERNEL = {"name": "python3", "display_name": "Python 3", "language": "python"}


def locked_versions(root: Path) -> dict[str, str]:
    """Distribution name -> version the project tests with: uv.lock, plus the exact pins of the
    examples group that uv keeps out of the lock (PyTorch, whose CPU builds live on its own index)."""
    versions: dict[str, str] = {}
    if (lock := root / "uv.lock").exists():
        for package in tomllib.loads(lock.read_text(encoding="utf-8")).get("package", []):
            if "version" in package:
                versions[package["name"]] = package["version"]
    if (project := root / "pyproject.toml").exists():
        groups = tomllib.loads(project.read_text(encoding="utf-8")).get("dependency-groups", {})
        for requirement in groups.get("examples", []):
            if isinstance(requirement, str) and (pin := re.fullmatch(r"([A-Za-z0-9_.-]+)\s*==\s*([\w.]+)", requirement.strip())):
                versions.setdefault(pin[1].lower(), pin[2])
    return versions


def imported_distributions(page: SourcePage) -> tuple[list[str], list[Problem]]:
    """Distributions the page's runnable python blocks import, and problems for unknown imports."""
    needed: set[str] = set()
    problems = []
    for fence in page.python_fences:
        if fence.no_run:
            continue
        try:
            tree = ast.parse(fence.code)
        except SyntaxError as error:
            problems.append(Problem(page.path, fence.start + (error.lineno or 1), f"python block does not parse: {error.msg}"))
            continue
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top in DISTRIBUTIONS:
                    needed.add(DISTRIBUTIONS[top])
                elif top not in sys.stdlib_module_names:
                    problems.append(Problem(
                        page.path, fence.start + node.lineno,
                        f"code imports '{top}', which the examples' dependencies do not provide "
                        "(add it to the examples group and to DISTRIBUTIONS in overrides/hooks/notebook.py, "
                        "or mark the block md:no-run)",
                    ))
    return sorted(needed), problems


def install_cell(distributions: list[str], versions: dict[str, str]) -> str:
    pins = {name: versions[name] for name in distributions if name in versions}
    minimum = sorted(name for name in pins if name in MINIMUM_ONLY)
    lines = [
        "# Installs what this notebook imports, at the versions the roadmap's tests use.",
        "# Nothing is installed when they are already there (as in the roadmap's own environment).",
        "import importlib.metadata, subprocess, sys",
        "",
        f"PINS = {pins!r}",
        f"MINIMUM_ONLY = {minimum!r}  # a newer release is fine; reinstalling it would be costly",
        "",
        "def release(text):",
        '    return tuple(int(part) for part in text.split("+")[0].split(".")[:3] if part.isdigit())',
        "",
        "def needs_install(name, version):",
        "    try:",
        "        installed = importlib.metadata.version(name)",
        "    except importlib.metadata.PackageNotFoundError:",
        "        return True",
        "    if name in MINIMUM_ONLY:",
        "        return release(installed) < release(version)",
        '    return installed.split("+")[0] != version',
        "",
        'missing = [f"{name}=={version}" for name, version in PINS.items() if needs_install(name, version)]',
        "if missing:",
        '    print("Installing", " ".join(missing))',
        '    subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", *missing])',
    ]
    if "keras" in pins:
        # Keras 3 defaults to TensorFlow, which the pins do not install: run it on PyTorch, as the
        # roadmap's tests do (a reader's own KERAS_BACKEND wins).
        lines += ["", "import os", 'os.environ.setdefault("KERAS_BACKEND", "torch")  # set before keras is imported']
    return "\n".join(lines)


def _stream(text: str):
    return v4.new_output("stream", name="stdout", text=text)


def build(page: SourcePage, page_url: str, versions: dict[str, str]) -> tuple[nbformat.NotebookNode, list[Problem]]:
    """The notebook of one section page; `page_url` is the page's absolute address (links back)."""
    distributions, problems = imported_distributions(page)
    cells = [
        v4.new_markdown_cell(
            f"# {page.title}\n\n"
            f"The code of [{page.title}]({page_url}) from the Deep Learning Roadmap, block by block in page order. "
            "The explanations are on the page; each heading below links to its topic there. "
            "Run the cells from the top: later cells use what earlier ones define."
        ),
        v4.new_code_cell(install_cell(distributions, versions), metadata={"roadmap": {"role": "install"}}),
    ]
    headings = sorted(page.headings, key=lambda heading: heading.line)
    shown: set[str] = set()
    for fence in page.python_fences:
        before = [heading for heading in headings if heading.line < fence.start]
        topic = next((h for h in reversed(before) if h.level == 2), None)
        sub = next((h for h in reversed(before) if h.level == 3 and topic and h.line > topic.line), None)
        for heading in (topic, sub):
            if heading and heading.id not in shown:
                shown.add(heading.id)
                marks = "#" * heading.level
                cells.append(v4.new_markdown_cell(f"{marks} {heading.text}\n\n[Read this on the page]({page_url}#{heading.id})"))
        if fence.tab:
            cells.append(v4.new_markdown_cell(
                f"**{fence.tab}.** The page shows this block as one of several alternatives in tabs; "
                "each alternative runs on its own."
            ))
        metadata = {"roadmap": {"line": fence.start}}
        if fence.no_run:
            cells.append(v4.new_markdown_cell(f"*Not run by the roadmap's tests:* {fence.no_run}. Run it yourself where that is available."))
            metadata["tags"] = [SKIP_TAG]
        cell = v4.new_code_cell(fence.code.rstrip("\n"), metadata=metadata)
        if fence.output is not None and not fence.no_run:
            cell.outputs = [_stream(fence.output.code)]
        cells.append(cell)
    notebook = v4.new_notebook(cells=cells, metadata={"kernelspec": KERNEL, "language_info": {"name": "python"}})
    # Stable cell ids (nbformat 4.5 requires them): the same page gives the same file, byte for byte.
    for number, cell in enumerate(notebook.cells):
        cell["id"] = f"{page.slug}-{number}"
    return notebook, problems


def dumps(notebook: nbformat.NotebookNode) -> str:
    nbformat.validate(notebook)
    return nbformat.writes(notebook) + "\n"
