-- Policies, privileges, owners, rules, storage and view options, replica identity and
-- constraint comments, with hostile names. The test replaces {app}, {owner} and {odd} with
-- quoted role names it creates ({odd} is full of quotes, '=', '/' and commas).
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE SCHEMA "Sec ""S""";
ALTER SCHEMA "Sec ""S""" OWNER TO {owner};
GRANT USAGE ON SCHEMA "Sec ""S""" TO {app};
GRANT CREATE ON SCHEMA "Sec ""S""" TO {odd} WITH GRANT OPTION;
SET search_path = "Sec ""S""";

CREATE TABLE "Doc ""s""" (
  id int PRIMARY KEY,
  owner_name text NOT NULL,
  body text,
  "Sé cret" text,
  room int,
  CONSTRAINT "Body ""len""" CHECK (length(body) < 1000),
  CONSTRAINT doc_room_key UNIQUE (room),
  CONSTRAINT "No ""same"" name" EXCLUDE USING gist (lower(owner_name) WITH =, room WITH =)
) WITH (fillfactor = 70, autovacuum_enabled = false, toast.autovacuum_enabled = false);
COMMENT ON CONSTRAINT "Doc ""s""_pkey" ON "Doc ""s""" IS 'the key';
COMMENT ON CONSTRAINT "Body ""len""" ON "Doc ""s""" IS 'short bodies';
COMMENT ON CONSTRAINT doc_room_key ON "Doc ""s""" IS 'one doc a room';
COMMENT ON CONSTRAINT "No ""same"" name" ON "Doc ""s""" IS 'no clash';
ALTER TABLE "Doc ""s""" ALTER COLUMN body SET STATISTICS 500, ALTER COLUMN body SET STORAGE EXTERNAL,
  ALTER COLUMN owner_name SET (n_distinct = -0.5), ALTER COLUMN "Sé cret" SET STORAGE MAIN;
ALTER TABLE "Doc ""s""" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "Doc ""s""" FORCE ROW LEVEL SECURITY;
ALTER TABLE "Doc ""s""" REPLICA IDENTITY FULL;
CREATE POLICY "Own ""rows"", really" ON "Doc ""s""" AS RESTRICTIVE FOR UPDATE TO {app}, {odd}
  USING (owner_name = CURRENT_USER) WITH CHECK (length(body) < 100);
CREATE POLICY everyone ON "Doc ""s""" USING (true);
CREATE POLICY ins ON "Doc ""s""" FOR INSERT TO {app} WITH CHECK (id > 0);
COMMENT ON POLICY everyone ON "Doc ""s""" IS 'all rows';
CREATE INDEX "Doc body" ON "Doc ""s""" (body) WITH (fillfactor = 50, deduplicate_items = off);
CREATE RULE "No ""neg""" AS ON INSERT TO "Doc ""s""" WHERE new.id < 0 DO INSTEAD NOTHING;
COMMENT ON RULE "No ""neg""" ON "Doc ""s""" IS 'drops negatives';
CREATE RULE log_del AS ON DELETE TO "Doc ""s""" DO ALSO NOTIFY doc_deleted;
ALTER TABLE "Doc ""s""" DISABLE RULE log_del;
GRANT SELECT, INSERT ON "Doc ""s""" TO {app};
GRANT UPDATE (body, "Sé cret"), SELECT ("Sé cret") ON "Doc ""s""" TO {odd} WITH GRANT OPTION;
GRANT REFERENCES (id) ON "Doc ""s""" TO {odd};
ALTER TABLE "Doc ""s""" OWNER TO {owner};

CREATE TABLE keyed (id int NOT NULL, CONSTRAINT keyed_id UNIQUE (id),
  ref int CONSTRAINT "Ref ""doc""" REFERENCES "Doc ""s""" (id));
COMMENT ON CONSTRAINT "Ref ""doc""" ON keyed IS 'to the doc';
ALTER TABLE keyed REPLICA IDENTITY USING INDEX keyed_id;
CREATE TABLE nothing (id int) WITH (toast_tuple_target = 256);
ALTER TABLE nothing REPLICA IDENTITY NOTHING;

CREATE VIEW "Safe ""v""" WITH (security_barrier = true, security_invoker = true) AS
  SELECT id, body FROM "Doc ""s""" WHERE id > 0 WITH CASCADED CHECK OPTION;
CREATE RULE "V ""ins""" AS ON DELETE TO "Safe ""v""" DO INSTEAD DELETE FROM "Doc ""s""" WHERE id = old.id;
GRANT SELECT ON "Safe ""v""" TO {app};
CREATE MATERIALIZED VIEW mv WITH (fillfactor = 60) AS SELECT id FROM "Doc ""s""" WITH NO DATA;

CREATE SEQUENCE seq;
GRANT USAGE ON SEQUENCE seq TO {app};
CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';
REVOKE EXECUTE ON FUNCTION f() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION f() TO {app} WITH GRANT OPTION;
CREATE FUNCTION g() RETURNS int LANGUAGE sql AS 'SELECT 2';
CREATE TYPE mood AS ENUM ('a');
GRANT USAGE ON TYPE mood TO {app};
CREATE DOMAIN pos AS int CONSTRAINT "Pos ""ok""" CHECK (VALUE > 0);
COMMENT ON CONSTRAINT "Pos ""ok""" ON DOMAIN pos IS 'positive';

ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA "Sec ""S""" GRANT SELECT ON TABLES TO {app};
ALTER DEFAULT PRIVILEGES FOR ROLE {owner} REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES FOR ROLE {owner} GRANT USAGE ON SEQUENCES TO {odd} WITH GRANT OPTION;
