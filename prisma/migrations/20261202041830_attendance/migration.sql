-- CreateTable
CREATE TABLE "AttendanceCode" (
    "id" UUID NOT NULL,
    "schoolId" UUID NOT NULL,
    "code" VARCHAR(10) NOT NULL,
    "name" VARCHAR(50) NOT NULL,
    "countsAsPresent" BOOLEAN NOT NULL,
    "position" SMALLINT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AttendanceCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AttendanceMark" (
    "id" UUID NOT NULL,
    "schoolId" UUID NOT NULL,
    "sectionId" UUID NOT NULL,
    "studentId" UUID NOT NULL,
    "date" DATE NOT NULL,
    "periodNumber" SMALLINT NOT NULL,
    "codeId" UUID NOT NULL,
    "note" VARCHAR(200),
    "idempotencyId" VARCHAR(128) NOT NULL,
    "markedByUserId" UUID NOT NULL,
    "markedAt" TIMESTAMPTZ(3) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AttendanceMark_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AttendanceCorrection" (
    "id" UUID NOT NULL,
    "schoolId" UUID NOT NULL,
    "markId" UUID NOT NULL,
    "fromCodeId" UUID,
    "toCodeId" UUID NOT NULL,
    "reason" VARCHAR(500) NOT NULL,
    "correctedByUserId" UUID NOT NULL,
    "correctedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AttendanceCorrection_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AttendanceCode_schoolId_code_key" ON "AttendanceCode"("schoolId", "code");

-- CreateIndex
CREATE INDEX "AttendanceMark_schoolId_idx" ON "AttendanceMark"("schoolId");

-- CreateIndex
CREATE INDEX "AttendanceMark_sectionId_date_idx" ON "AttendanceMark"("sectionId", "date");

-- CreateIndex
CREATE UNIQUE INDEX "AttendanceMark_studentId_date_periodNumber_key" ON "AttendanceMark"("studentId", "date", "periodNumber");

-- CreateIndex
CREATE INDEX "AttendanceCorrection_schoolId_idx" ON "AttendanceCorrection"("schoolId");

-- CreateIndex
CREATE INDEX "AttendanceCorrection_markId_idx" ON "AttendanceCorrection"("markId");

-- AddForeignKey
ALTER TABLE "AttendanceCode" ADD CONSTRAINT "AttendanceCode_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttendanceMark" ADD CONSTRAINT "AttendanceMark_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttendanceMark" ADD CONSTRAINT "AttendanceMark_sectionId_fkey" FOREIGN KEY ("sectionId") REFERENCES "Section"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttendanceMark" ADD CONSTRAINT "AttendanceMark_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttendanceMark" ADD CONSTRAINT "AttendanceMark_codeId_fkey" FOREIGN KEY ("codeId") REFERENCES "AttendanceCode"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttendanceCorrection" ADD CONSTRAINT "AttendanceCorrection_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttendanceCorrection" ADD CONSTRAINT "AttendanceCorrection_markId_fkey" FOREIGN KEY ("markId") REFERENCES "AttendanceMark"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Row-level security (hand-written, as in `tenant_rls`): tenant tables, forced, one tenant policy.
DO $$
DECLARE
  tenant_table text;
BEGIN
  FOREACH tenant_table IN ARRAY ARRAY['AttendanceCode', 'AttendanceMark', 'AttendanceCorrection'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', tenant_table);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', tenant_table);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I'
      ' USING ("schoolId" = NULLIF(current_setting(''app.school_id'', true), '''')::uuid)'
      ' WITH CHECK ("schoolId" = NULLIF(current_setting(''app.school_id'', true), '''')::uuid)',
      tenant_table);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE %I TO schools24_app', tenant_table);
  END LOOP;
END $$;

-- The correction history is append-only for the app (as the audit log is): it may add rows, never
-- change or remove them.
REVOKE UPDATE, DELETE ON TABLE "AttendanceCorrection" FROM schools24_app;
