-- Tenant isolation in the database (row-level security), the second wall behind every repository's
-- `schoolId` filter. Hand-written: Prisma's schema cannot express roles, grants, policies or
-- functions, and `prisma migrate diff` does not see them (the drift check stays empty).
--
-- * The app connects as `schools24_app`: LOGIN, not superuser, no BYPASSRLS, owns nothing. It is
--   created here when missing (without a password: enough for trust/peer auth in development);
--   production DBAs create it beforehand with a password, and this migration only checks it.
-- * Every table with a "schoolId" column, and "School" itself (by "id"), has row-level security
--   ENABLED and FORCED, with one policy: a row is visible and writable only when its school is the
--   transaction's `app.school_id` (set by `forTenant`/`withTenant` in @schools24/db). Unset, the
--   setting is NULL (or '' after an earlier SET LOCAL ended): NULLIF turns '' into NULL, the
--   comparison is never true, and the app sees zero rows.
-- * Sign-in must find a school before it knows the tenant: two SECURITY DEFINER functions answer
--   "which school has this code / email domain" with (id, code) and nothing else. They run as
--   `schools24_school_lookup`, a role that cannot log in, may read only those three columns of
--   "School", and is the only role with a policy that shows every school.

-- Roles ------------------------------------------------------------------------------------------
DO $$
DECLARE
  app pg_roles%ROWTYPE;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'schools24_app') THEN
    BEGIN
      CREATE ROLE schools24_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL; -- another database's migration created it at the same moment (roles are cluster-wide)
    END;
  END IF;
  SELECT * INTO app FROM pg_roles WHERE rolname = 'schools24_app';
  IF app.rolsuper OR app.rolbypassrls THEN
    RAISE EXCEPTION 'role schools24_app must be NOSUPERUSER and NOBYPASSRLS: row-level security would not apply to it';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'schools24_school_lookup') THEN
    BEGIN
      CREATE ROLE schools24_school_lookup NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL;
    END;
  END IF;
END $$;

-- Privileges: data only (no DDL), nothing on Prisma's bookkeeping ----------------------------------
DO $$
BEGIN
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO schools24_app, schools24_school_lookup', current_schema());
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO schools24_app', current_schema());
  EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO schools24_app', current_schema());
  -- Tables and sequences later migrations create (as the same owner) get the same grants.
  EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO schools24_app', current_schema());
  EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO schools24_app', current_schema());
  -- Migration history is the owner's business. (Absent in the shadow database `migrate diff` replays into.)
  IF to_regclass('"_prisma_migrations"') IS NOT NULL THEN
    REVOKE ALL ON TABLE "_prisma_migrations" FROM schools24_app;
  END IF;
END $$;

-- Row-level security -----------------------------------------------------------------------------
ALTER TABLE "School" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "School" FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "School"
  USING ("id" = NULLIF(current_setting('app.school_id', true), '')::uuid)
  WITH CHECK ("id" = NULLIF(current_setting('app.school_id', true), '')::uuid);

DO $$
DECLARE
  tenant_table text;
BEGIN
  FOREACH tenant_table IN ARRAY ARRAY[
    -- identity
    'User', 'RoleAssignment', 'Student', 'Teacher', 'Staff', 'Guardian', 'StudentGuardian',
    'AuthSession', 'RefreshToken', 'PasswordResetToken', 'Outbox',
    -- academics
    'AcademicYear', 'Term', 'Grade', 'Section', 'Subject', 'TeachingAssignment', 'Enrolment',
    -- finance, comms
    'FeeStructure', 'Announcement'
  ] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', tenant_table);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', tenant_table);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I'
      ' USING ("schoolId" = NULLIF(current_setting(''app.school_id'', true), '''')::uuid)'
      ' WITH CHECK ("schoolId" = NULLIF(current_setting(''app.school_id'', true), '''')::uuid)',
      tenant_table);
  END LOOP;
END $$;

-- Sign-in's lookups before the tenant is known ---------------------------------------------------
GRANT SELECT ("id", "code", "emailDomain") ON "School" TO schools24_school_lookup;
CREATE POLICY school_login_lookup ON "School" FOR SELECT TO schools24_school_lookup USING (true);

DO $$
BEGIN
  -- Schema-qualified bodies and a fixed search_path: a caller's temporary tables cannot shadow "School".
  EXECUTE format($sql$
    CREATE FUNCTION %1$I.school_login_by_code(school_code text)
      RETURNS TABLE (id uuid, code text)
      LANGUAGE sql STABLE STRICT SECURITY DEFINER
      SET search_path = pg_catalog, pg_temp
      AS 'SELECT s."id", s."code"::text FROM %1$I."School" s WHERE s."code" = school_code'
  $sql$, current_schema());
  EXECUTE format($sql$
    CREATE FUNCTION %1$I.school_login_by_email_domain(email_domain text)
      RETURNS TABLE (id uuid, code text)
      LANGUAGE sql STABLE STRICT SECURITY DEFINER
      SET search_path = pg_catalog, pg_temp
      AS 'SELECT s."id", s."code"::text FROM %1$I."School" s WHERE s."emailDomain" = email_domain'
  $sql$, current_schema());
END $$;
ALTER FUNCTION school_login_by_code(text) OWNER TO schools24_school_lookup;
ALTER FUNCTION school_login_by_email_domain(text) OWNER TO schools24_school_lookup;
REVOKE ALL ON FUNCTION school_login_by_code(text), school_login_by_email_domain(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION school_login_by_code(text), school_login_by_email_domain(text) TO schools24_app;
