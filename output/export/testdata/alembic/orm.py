"""The exported models as ORM models: for a parent and a child table (the child has a
foreign key to the parent) insert a parent, flush (its generated key comes back), insert a
child through the many-to-one relationship, query each through the other's relationship,
delete both. Reads a JSON list of {"name", "module", "url", "parent", "child"} on stdin and
prints one JSON line {"name", "error", "log"} per job.
"""
import datetime
import decimal
import importlib.util
import json
import sys
import traceback
import uuid

import sqlalchemy as sa
from sqlalchemy import orm


def load(name, path):
    spec = importlib.util.spec_from_file_location("orm_" + name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def mapped(module, table):
    for m in module.Base.registry.mappers:
        if m.local_table.name == table:
            return m
    raise LookupError("no class maps table %s" % table)


def value(column, n):
    """A value for a NOT NULL column without a default."""
    t = column.type
    if getattr(t, "enums", None):
        return t.enums[0]
    try:
        py = t.python_type
    except NotImplementedError:
        py = str
    length = getattr(t, "length", None) or 8
    if py is int or py is bool:
        return n if py is int else True
    if py is str:
        return ("v%d" % n)[:length]
    if py is decimal.Decimal:
        return decimal.Decimal(1)
    if py is float:
        return 1.0
    if py is datetime.datetime:
        return datetime.datetime(2024, 1, 2, 3, 4, 5)
    if py is datetime.date:
        return datetime.date(2024, 1, 2)
    if py is datetime.time:
        return datetime.time(3, 4, 5)
    if py is bytes:
        return b"x"
    if py is uuid.UUID:
        return uuid.uuid4()
    return "v%d" % n


def fill(obj, mapper, skip, n):
    for prop in mapper.column_attrs:
        column = prop.columns[0]
        if column.name in skip or column.nullable or column.default is not None:
            continue
        if column.server_default is not None and not isinstance(column.type, (sa.DateTime, sa.Date)):
            continue  # a date default such as '0000-00-00' would not read back into Python
        if column.primary_key and column is mapper.local_table.autoincrement_column:
            continue
        if column.computed is not None or column.identity is not None:
            continue
        setattr(obj, prop.key, value(column, n))


def run(job):
    module = load(job["name"], job["module"])
    engine = sa.create_engine(job["url"])
    log = []
    parent_m, child_m = mapped(module, job["parent"]), mapped(module, job["child"])
    rel = next(r for r in child_m.relationships if r.mapper is parent_m and r.direction is orm.interfaces.MANYTOONE)
    back = rel.back_populates
    fk_columns = {c.name for c in rel.local_columns}
    try:
        with orm.Session(engine) as session:
            parent = parent_m.class_()
            fill(parent, parent_m, set(), 7)
            session.add(parent)
            session.flush()
            key = parent_m.primary_key_from_instance(parent)
            if any(k is None for k in key):
                raise AssertionError("no generated key came back for %s" % job["parent"])
            log.append("%s key %r" % (job["parent"], key))
            child = child_m.class_()
            fill(child, child_m, fk_columns, 8)
            setattr(child, rel.key, parent)
            session.add(child)
            session.flush()
            child_key = child_m.primary_key_from_instance(child)
            log.append("%s key %r" % (job["child"], child_key))
            session.expunge_all()
            parent = session.get(parent_m.class_, key)
            children = getattr(parent, back)
            if [child_m.primary_key_from_instance(c) for c in children] != [child_key]:
                raise AssertionError("%s.%s holds %r" % (job["parent"], back, children))
            child = session.get(child_m.class_, child_key)
            if getattr(child, rel.key) is not parent:
                raise AssertionError("%s.%s is not the parent" % (job["child"], rel.key))
            log.append("%s.%s and %s.%s" % (job["parent"], back, job["child"], rel.key))
            session.delete(child)
            session.flush()
            session.delete(parent)
            session.flush()
            if session.get(parent_m.class_, key) is not None:
                raise AssertionError("the parent survived its delete")
            session.rollback()
    finally:
        engine.dispose()
    return log


for job in json.load(sys.stdin):
    result = {"name": job["name"], "error": "", "log": []}
    try:
        result["log"] = run(job)
    except Exception:
        result["error"] = traceback.format_exc()
    print(json.dumps(result), flush=True)
