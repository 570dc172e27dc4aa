"""Code rules: thin pages, sources without I/O libraries, and no SQL assembled from values in the app."""

import ast
import re
from pathlib import Path

from etl import paths

SQL_WORDS = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP)\b.*\b(FROM|INTO|TABLE|SET)\b", re.DOTALL)
EXECUTING = {"execute", "executemany", "sql", "query", "read_sql", "read_sql_query"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_pages_hold_no_sql_and_no_database_import():
    pages = sorted((paths.ROOT / "dashboard" / "app_pages").glob("*.py"))
    assert pages, "no pages found"
    for page in pages:
        assert "duckdb" not in imported_modules(page), page.name
        assert not SQL_WORDS.search(page.read_text(encoding="utf-8")), page.name


def test_sources_never_touch_the_database_or_the_network():
    for source in (paths.ROOT / "etl" / "sources").glob("*.py"):
        assert not imported_modules(source) & {"duckdb", "requests", "urllib", "httpx", "socket"}, source.name


def _built_from_values(node: ast.AST, assigned: dict[str, ast.AST]) -> bool:
    """True when a SQL argument is an f-string, a % or + expression, or .format(), directly or via a local name."""
    if isinstance(node, ast.Name) and node.id in assigned:
        node = assigned[node.id]
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.FormattedValue) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
        return True
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format"


def sql_built_from_values(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    offending = []
    for func in [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]:
        assigned = {
            t.id: n.value
            for n in ast.walk(func)
            if isinstance(n, ast.Assign)
            for t in n.targets
            if isinstance(t, ast.Name)
        }
        for call in (n for n in ast.walk(func) if isinstance(n, ast.Call)):
            name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
            if name in EXECUTING and call.args and _built_from_values(call.args[0], assigned):
                offending.append(call.lineno)
    return offending


def test_the_app_never_builds_sql_from_values():
    """Everything the dashboard runs is a constant SQL string with `?` parameters."""
    files = sorted((paths.ROOT / "dashboard").rglob("*.py"))
    assert files
    for path in files:
        assert sql_built_from_values(path) == [], f"{path.relative_to(paths.ROOT)}: SQL built from values"


CONSTANT = re.compile(r"_?[A-Z][A-Z0-9_]*")
SQL_TEXT = re.compile(r"\b(SELECT|FROM|WHERE|JOIN|ORDER BY|GROUP BY)\b")


def sql_fstrings_with_values(path: Path) -> list[int]:
    """Lines of f-strings that look like SQL and interpolate anything but a module constant (an UPPER_CASE name)."""
    offending = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.JoinedStr):
            continue
        text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        fields = [v.value for v in node.values if isinstance(v, ast.FormattedValue)]
        if SQL_TEXT.search(text) and any(not (isinstance(f, ast.Name) and CONSTANT.fullmatch(f.id)) for f in fields):
            offending.append(node.lineno)
    return offending


def test_sql_fragments_in_the_app_are_constants_only():
    """Queries may be assembled from constant SQL fragments, never from a variable that could hold a value."""
    for path in sorted((paths.ROOT / "dashboard").rglob("*.py")):
        assert sql_fstrings_with_values(path) == [], f"{path.relative_to(paths.ROOT)}: SQL f-string with a value"


def test_the_rule_catches_what_it_should(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def bad(con, iso3):\n"
        "    con.execute(f\"SELECT * FROM countries WHERE iso3 = '{iso3}'\")\n"
        "    query = 'SELECT * FROM countries WHERE iso3 = %s' % iso3\n"
        "    con.execute(query)\n"
        "def good(con, iso3):\n"
        "    con.execute('SELECT * FROM countries WHERE iso3 = ?', [iso3])\n"
    )
    assert sql_built_from_values(sample) == [2, 4]
    assert sql_fstrings_with_values(sample) == [2]


def test_the_dashboard_never_classifies_except_the_worked_example():
    """The method is computed in the build only (METHOD.md 1.1): pages read stored classes. The Method page's worked
    example (narrative.worked_example) is the one place that shows classify() at work."""
    calls = []
    for path in sorted((paths.ROOT / "dashboard").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
            for call in (n for n in ast.walk(func) if isinstance(n, ast.Call)):
                name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
                if name in ("classify", "composite", "fill"):
                    calls.append((path.name, func.name))
        top_level = [n for n in tree.body if not isinstance(n, ast.FunctionDef | ast.ClassDef)]
        for node in top_level:
            for call in (n for n in ast.walk(node) if isinstance(n, ast.Call)):
                name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
                assert name not in ("classify", "composite"), path.name
    assert calls == [("narrative.py", "worked_example")]


def _module_imports(root: Path, package: str) -> dict[str, set[str]]:
    """Module name -> the modules of the project it imports (at any depth of the file, lazy imports included)."""
    graph = {}
    for path in sorted((root / package).rglob("*.py")):
        name = ".".join(path.relative_to(root).with_suffix("").parts).removesuffix(".__init__")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module)
                found |= {f"{node.module}.{a.name}" for a in node.names}
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names}
        graph[name] = {m for m in found if m.split(".")[0] in ("etl", "dashboard")}
    return graph


def test_layers_point_one_way():
    """etl never imports the dashboard; the query layer never imports Streamlit (it runs in CLIs and tests too)."""
    etl = _module_imports(paths.ROOT, "etl")
    assert not {m: deps for m, deps in etl.items() if any(d.startswith("dashboard") for d in deps)}
    assert "streamlit" not in imported_modules(paths.ROOT / "dashboard" / "queries.py")


def test_the_etl_has_no_import_circle():
    graph = _module_imports(paths.ROOT, "etl")
    modules = set(graph)
    edges = {m: {d for d in deps if d in modules and d != m} for m, deps in graph.items()}
    state: dict[str, int] = {}

    def visit(module: str, trail: tuple[str, ...]) -> None:
        state[module] = 1
        for dep in sorted(edges[module]):
            assert state.get(dep) != 1, "import circle: " + " -> ".join((*trail, module, dep))
            if dep not in state:
                visit(dep, (*trail, module))
        state[module] = 2

    for module in sorted(modules):
        if module not in state:
            visit(module, ())
