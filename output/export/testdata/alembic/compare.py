"""Alembic's first autogenerate against the database a module was exported from.

Reads a JSON list of {"name", "module", "url"} on stdin; for each, imports the module, runs
alembic.autogenerate.compare_metadata (compare_type and compare_server_default on, every
schema) against the database and prints one JSON line {"name", "proposals", "error"}.
One process serves a whole engine: importing SQLAlchemy and Alembic once is most of the cost.
"""
import importlib.util
import json
import sys
import traceback

import alembic
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext


# What Alembic compared for each server default, so a modify_default says it, not just the
# objects: (table, column) -> (rendered metadata default, rendered database default).
rendered = {}
_compare_default = MigrationContext._compare_server_default


def _recording_compare(self, inspector_column, metadata_column, rendered_metadata, rendered_db):
    key = (metadata_column.table.name, metadata_column.name)
    rendered[key] = (rendered_metadata, rendered_db)
    return _compare_default(self, inspector_column, metadata_column, rendered_metadata, rendered_db)


MigrationContext._compare_server_default = _recording_compare


# Alembic before 1.9 (Debian bookworm has 1.8) fails on PostgreSQL string defaults: it renders
# the models' default with repr() and runs SELECT db_default = "…" (a column name). There the
# test compares such a default's text itself, as the database spells it; other defaults go to
# Alembic as usual.
OLD_ALEMBIC = tuple(int(x) for x in alembic.__version__.split(".")[:2]) < (1, 9)


def compare_default_18(context, inspector_column, metadata_column, rendered_db, metadata_default, rendered_metadata):
    if metadata_default is None or rendered_db is None or metadata_column.type._type_affinity is not sa.String:
        return None
    text = str(getattr(metadata_default.arg, "text", metadata_default.arg))
    if text == rendered_db:
        return False
    # Both are SQL expressions: let PostgreSQL say whether they are the same value.
    try:
        with context.connection.begin_nested():
            return not context.connection.scalar(sa.text("SELECT (%s) = (%s)" % (rendered_db, text.replace(":", "\\:"))))
    except Exception:
        return True


def load(name, path):
    spec = importlib.util.spec_from_file_location("models_" + name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def describe(x, dialect):
    if isinstance(x, sa.Table):
        return x.fullname
    if isinstance(x, (sa.Index, sa.Constraint)):
        table = x.table.fullname if x.table is not None else "?"
        cols = ",".join(c.name for c in x.columns) if hasattr(x, "columns") else ""
        return "%s.%s(%s)" % (table, x.name, cols)
    if isinstance(x, sa.Column):
        return x.name
    if isinstance(x, sa.types.TypeEngine):
        try:
            return x.compile(dialect=dialect)
        except Exception:
            return repr(x)
    if hasattr(x, "text"):
        return x.text
    if hasattr(x, "arg"):
        return describe(x.arg, dialect)
    return repr(x)


def proposal(p, dialect):
    """A proposal as {op, schema, table, name, columns, text}."""
    op = p[0]
    out = {"op": op, "schema": None, "table": None, "name": None, "columns": []}
    if op.startswith("modify_"):
        _, schema, table, column, _info, old, new = p
        out.update(schema=schema, table=table, name=column, columns=[column])
        where = ".".join(s for s in (schema, table, column) if s)
        if op == "modify_default" and (table, column) in rendered:
            meta, db = rendered[(table, column)]
            out["text"] = "%s %s: database %r, models %r" % (op, where, db, meta)
        else:
            out["text"] = "%s %s: %s -> %s" % (op, where, describe(old, dialect), describe(new, dialect))
        return out
    if op in ("add_column", "remove_column"):
        _, schema, table, column = p
        out.update(schema=schema, table=table, name=column.name, columns=[column.name])
        out["text"] = "%s %s.%s" % (op, ".".join(s for s in (schema, table) if s), column.name)
        return out
    obj = p[1]
    if isinstance(obj, sa.Table):
        out.update(schema=obj.schema, table=obj.name)
    elif getattr(obj, "table", None) is not None:
        out.update(schema=obj.table.schema, table=obj.table.name, name=obj.name,
                   columns=[c.name for c in getattr(obj, "columns", [])])
    out["text"] = "%s %s" % (op, " ".join(describe(x, dialect) for x in p[1:]))
    return out


def compare(job):
    module = load(job["name"], job["module"])
    engine = sa.create_engine(job["url"])
    include_object = getattr(module, "include_object", None)
    try:
        with engine.connect() as conn:
            opts = {"compare_type": True, "compare_server_default": True, "include_schemas": engine.dialect.name == "postgresql"}
            if include_object is not None:
                opts["include_object"] = include_object
            if OLD_ALEMBIC and engine.dialect.name == "postgresql":
                opts["compare_server_default"] = compare_default_18
            mc = MigrationContext.configure(conn, opts=opts)
            out = []
            for p in compare_metadata(mc, module.Base.metadata):
                for q in (p if isinstance(p, list) else [p]):
                    out.append(proposal(q, engine.dialect))
            return out
    finally:
        engine.dispose()


for job in json.load(sys.stdin):
    result = {"name": job["name"], "proposals": [], "error": ""}
    try:
        result["proposals"] = compare(job)
    except Exception:
        result["error"] = traceback.format_exc()
    print(json.dumps(result), flush=True)
