"""No SQL built with string formatting from values (issue 11, item 6), checked statically over
every module of blijf_desktop with `ast`.

SQL text is whatever reaches `execute`, `executemany` or `executescript`, followed through
local variables, loop variables, module constants and calls to functions of the same module;
plus any f-string, `%`, `.format` or `+` whose literal parts read like SQL. Such text may be
composed only of constants: literals, module-level constant names, `", ".join(...)` over
constants, comprehensions over constants. Anything else (a parameter, a value read at run
time, a method's result) is a finding, named by module and function. The few places that must
build SQL from a value are listed in ALLOWED with the reason; a new one fails here."""

import ast
import json
import re
from pathlib import Path

import blijf_desktop

PACKAGE = Path(blijf_desktop.__file__).parent
EXECUTORS = {"execute", "executemany", "executescript"}
LOOKS_LIKE_SQL = re.compile(
    r"\b(SELECT|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|PRAGMA|CREATE\s+(TABLE|INDEX|"
    r"TRIGGER|VIEW|VIRTUAL)|DROP\s+(TABLE|INDEX|TRIGGER)|ALTER\s+TABLE|ATTACH|VACUUM|VALUES|WHERE)\b")

ALLOWED = {
    # (The data key no longer goes in as a formatted PRAGMA key: storage.database hands a
    # wipeable buffer to sqlite3_key, so that entry is gone.)
    # executescript takes no parameters either: the script is a migration file shipped inside
    # the package, wrapped in BEGIN/COMMIT, and the version is int(number) of its file name.
    ("blijf_desktop.storage.database", "Database._migrate"),
    # The same for the server's migrations (storage/pg/migrations/), run by `server init`.
    ("blijf_desktop.storage.pg.schema", "init"),
    # GRANT and REVOKE take no parameters: the table names (quoted as identifiers), the
    # privileges and the function signatures come from the module's own constant tables
    # (storage/pg/grants.py, derived from domain/roles.py), never from input.
    ("blijf_desktop.storage.pg.grants", "apply"),
    # The server's connection adapter passes on the SQL a repository gave it (checked here at
    # the repository's own call) with only its parameter marks rewritten and, for a table with
    # an identity id, the constant " RETURNING id" added (storage/pg/dialect.py).
    ("blijf_desktop.storage.pg.database", "PgConnection.execute"),
    # PRAGMA cache_size takes no parameter: the size is int(...) of the store's page count.
    ("blijf_desktop.storage.database", "_size_cache"),
}


def figure(values: dict) -> None:
    print(f"FIGURE sql_formatting: {json.dumps(values, sort_keys=True)}", flush=True)


class Module:
    """One parsed module: where each name is assigned, and a constness judgement."""

    def __init__(self, name: str, source: str):
        self.name = name
        self.tree = ast.parse(source)
        self.functions: dict[str, ast.FunctionDef] = {}
        self.qualnames: dict[ast.AST, str] = {}
        self.parents: dict[ast.AST, ast.AST | None] = {}
        self._index(self.tree, "", None)
        self.findings: dict[tuple[str, str], list[str]] = {}

    def _index(self, node, prefix: str, scope) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                qualname = f"{prefix}{child.name}"
                self.qualnames[child] = qualname
                if isinstance(child, ast.ClassDef):
                    self._index(child, qualname + ".", scope)
                    continue
                self.parents[child] = scope
                if scope is None and not prefix:
                    self.functions[child.name] = child
                self._index(child, qualname + ".", child)
            else:
                self._index(child, prefix, scope)

    # -- where names come from ----------------------------------------------------------------
    @staticmethod
    def _body_nodes(scope):
        """Nodes of a function (or module) body, without nested functions and classes."""
        nested = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
        todo = [node for node in scope.body if not isinstance(node, nested)]
        while todo:
            node = todo.pop()
            yield node
            todo.extend(c for c in ast.iter_child_nodes(node) if not isinstance(c, nested))

    def _assignments(self, scope, name: str) -> list[tuple[str, ast.AST]] | None:
        """("value", node) or ("element", iterable) for each binding of `name`; None when the
        name is bound in a way this check does not follow (with, import, unpacking, ...)."""
        found = []
        for node in self._body_nodes(scope):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name) and target.id == name:
                        found.append(("value", node.value))
                    elif name in {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}:
                        return None
            elif isinstance(node, (ast.AnnAssign, ast.AugAssign, ast.NamedExpr)):
                if isinstance(node.target, ast.Name) and node.target.id == name and node.value:
                    found.append(("value", node.value))
            elif isinstance(node, (ast.For, ast.AsyncFor)):
                if isinstance(node.target, ast.Name) and node.target.id == name:
                    found.append(("element", node.iter))
                elif name in {n.id for n in ast.walk(node.target) if isinstance(n, ast.Name)}:
                    return None
            elif isinstance(node, (ast.With, ast.AsyncWith, ast.Import, ast.ImportFrom,
                                   ast.ExceptHandler, ast.Global, ast.Nonlocal)):
                names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
                names |= {a.asname or a.name for a in getattr(node, "names", []) if hasattr(a, "name")}
                if getattr(node, "name", None) == name or (
                        not isinstance(node, (ast.With, ast.AsyncWith)) and name in names):
                    return None
                if isinstance(node, (ast.With, ast.AsyncWith)) and any(
                        item.optional_vars is not None and name in
                        {n.id for n in ast.walk(item.optional_vars) if isinstance(n, ast.Name)}
                        for item in node.items):
                    return None
        return found

    def _name_is_constant(self, name: str, scope, bound: dict, seen: set) -> bool:
        if name in bound:
            return bound[name]
        while True:
            key = (id(scope), name)
            if key in seen:
                return False
            seen = seen | {key}
            if scope is not self.tree:
                args = scope.args
                params = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
                if name in {p.arg for p in params if p is not None}:
                    return False
            found = self._assignments(scope, name)
            if found is None:
                return False
            if found:
                return all(self.constant(node, scope, {}, seen) for _kind, node in found)
            if scope is self.tree:
                return False  # imported or built in: not followed
            scope = self.parents.get(scope) or self.tree

    # -- constness ------------------------------------------------------------------------------
    def constant(self, node, scope, bound: dict, seen: set = frozenset()) -> bool:
        """True when the value of `node` is fixed by the source text alone."""
        def const(n):
            return self.constant(n, scope, bound, seen)

        if node is None or isinstance(node, ast.Constant):
            return True
        if isinstance(node, ast.JoinedStr):
            return all(const(part.value) and const(part.format_spec)
                       if isinstance(part, ast.FormattedValue) else True for part in node.values)
        if isinstance(node, ast.BinOp):
            return const(node.left) and const(node.right)
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            return all(const(e) for e in node.elts)
        if isinstance(node, ast.Starred):
            return const(node.value)
        if isinstance(node, ast.Subscript):
            return const(node.value) and const(node.slice)
        if isinstance(node, ast.IfExp):
            return const(node.body) and const(node.orelse)
        if isinstance(node, ast.Name):
            return self._name_is_constant(node.id, scope, bound, seen)
        if isinstance(node, (ast.GeneratorExp, ast.ListComp, ast.SetComp)):
            inner = dict(bound)
            for comp in node.generators:
                is_const = self.constant(comp.iter, scope, inner, seen)
                for target in ast.walk(comp.target):
                    if isinstance(target, ast.Name):
                        inner[target.id] = is_const
            return self.constant(node.elt, scope, inner, seen)
        if isinstance(node, ast.Call):
            args = [*node.args, *(k.value for k in node.keywords)]
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in ("join", "format"):
                return const(func.value) and all(const(a) for a in args)
            if isinstance(func, ast.Name) and func.id in self.functions:
                target = self.functions[func.id]
                key = (id(target), "<return>")
                if key in seen:
                    return False
                returns = [n.value for n in self._body_nodes(target)
                           if isinstance(n, ast.Return) and n.value is not None]
                return all(self.constant(r, target, {}, seen | {key}) for r in returns)
        return False

    # -- findings -------------------------------------------------------------------------------
    def _report(self, scope, line: int, why: str) -> None:
        qualname = self.qualnames.get(scope, "<module>")
        self.findings.setdefault((self.name, qualname), []).append(f"line {line}: {why}")

    def _trace(self, node, scope) -> None:
        """Name the function where non-constant SQL text is made."""
        if self.constant(node, scope, {}):
            return
        if isinstance(node, ast.Name):
            found = None
            if scope is not self.tree:
                args = scope.args
                params = {p.arg for p in [*args.posonlyargs, *args.args, *args.kwonlyargs]}
                if node.id not in params:
                    found = self._assignments(scope, node.id)
            if found:
                for _kind, value in found:
                    self._trace(value, scope)
                return
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id in self.functions:
            target = self.functions[node.func.id]
            for ret in self._body_nodes(target):
                if isinstance(ret, ast.Return) and ret.value is not None:
                    self._trace(ret.value, target)
            return
        self._report(scope, node.lineno, f"SQL from a value: {ast.unparse(node)[:80]}")

    def check(self) -> dict:
        scopes = [self.tree, *(n for n in self.qualnames if not isinstance(n, ast.ClassDef))]
        for scope in scopes:
            for node in self._body_nodes(scope):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                        and node.func.attr in EXECUTORS and node.args:
                    self._trace(node.args[0], scope)
                elif _is_formatting(node) and LOOKS_LIKE_SQL.search(_literal_text(node)) \
                        and not self.constant(node, scope, {}):
                    self._report(scope, node.lineno, f"SQL-like text formatted from a value: "
                                                     f"{ast.unparse(node)[:80]}")
        return self.findings


def _is_formatting(node) -> bool:
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        return any(isinstance(n, (ast.Constant, ast.JoinedStr)) for n in (node.left, node.right))
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
        and node.func.attr == "format"


def _literal_text(node) -> str:
    return " ".join(n.value for n in ast.walk(node)
                    if isinstance(n, ast.Constant) and isinstance(n.value, str))


def package_findings() -> tuple[dict, int, int]:
    findings, modules, calls = {}, 0, 0
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        name = ".".join(relative.parts).removesuffix(".__init__")
        source = path.read_text(encoding="utf-8")
        module = Module(name, source)
        findings.update(module.check())
        modules += 1
        calls += sum(1 for n in ast.walk(module.tree) if isinstance(n, ast.Call)
                     and isinstance(n.func, ast.Attribute) and n.func.attr in EXECUTORS)
    return findings, modules, calls


def test_no_sql_is_formatted_from_values_outside_the_allow_list():
    findings, modules, calls = package_findings()
    new = {key: where for key, where in findings.items() if key not in ALLOWED}
    stale = ALLOWED - findings.keys()
    figure({"modules": modules, "execute_calls": calls, "allowed": len(ALLOWED) - len(stale),
            "findings": len(new)})
    assert calls > 20, "the check found no SQL to look at"
    assert not new, "SQL built from values (use ? parameters):\n" + "\n".join(
        f"{module}.{function}: {'; '.join(where)}" for (module, function), where in new.items())
    assert not stale, f"allow-list entries that no longer build SQL: {sorted(stale)}"


PLANTED = '''
TABLE = "persons"
COLUMNS = ("first_names", "last_name")
_SELECT = "SELECT id, " + ", ".join(COLUMNS) + " FROM " + TABLE


def by_fstring(conn, name):
    conn.execute(f"SELECT * FROM persons WHERE last_name = '{name}'")


def by_percent(conn, name):
    sql = "DELETE FROM persons WHERE last_name = '%s'" % name
    conn.execute(sql)


def by_format(conn, person_id):
    conn.executemany("UPDATE persons SET last_name = '{}' WHERE id = ?".format(person_id), [])


def by_plus(conn, name):
    conn.execute("SELECT * FROM persons WHERE last_name = '" + name + "'")


def _built(value):
    return f"PRAGMA key = '{value}'"


def by_helper(conn, value):
    conn.executescript(_built(value))


def by_parameter(conn, sql):
    conn.execute(sql)


def by_attribute(self):
    query = "SELECT * FROM persons WHERE id = %d" % self.person_id
    return query


def fine(conn, name, person_id):
    conn.execute(_SELECT + " WHERE last_name = ? AND id = ?", (name, person_id))
    marks = ", ".join("?" for _ in COLUMNS)
    conn.execute(f"INSERT INTO persons ({', '.join(COLUMNS)}) VALUES ({marks})", (1, 2))
    for column in [c for c in COLUMNS if c]:
        conn.execute(f"UPDATE persons SET {column} = ? WHERE id = ?", (name, person_id))
    conn.execute(f"{_SELECT} WHERE id = ?", (person_id,))
'''


def test_the_check_catches_planted_sql_built_from_values():
    findings = Module("planted", PLANTED).check()
    flagged = {function for _module, function in findings}
    assert flagged == {"by_fstring", "by_percent", "by_format", "by_plus", "_built",
                       "by_parameter", "by_attribute"}, findings
