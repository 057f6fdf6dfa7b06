-- The row-level security kehoach set up before it split the policies by command (commit
-- d82cb52, store/roles.py: _SETUP, _policies(), _grants() for two centres and the office):
-- a database set up then, for the upgrade test. {th}, {tl}, {office}: the roles.
CREATE TABLE IF NOT EXISTS kehoach_role (
    role TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('centre', 'office')),
    centre_id INTEGER REFERENCES centre (id) ON DELETE CASCADE,
    CHECK ((kind = 'centre') = (centre_id IS NOT NULL))
);
ALTER TABLE kehoach_role ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS own_row ON kehoach_role;
CREATE POLICY own_row ON kehoach_role FOR SELECT USING (role = current_user);
CREATE OR REPLACE FUNCTION kehoach_centre() RETURNS integer LANGUAGE sql STABLE
    SET search_path FROM CURRENT AS
    $$ SELECT centre_id FROM kehoach_role WHERE role = current_user AND kind = 'centre' $$;
CREATE OR REPLACE FUNCTION kehoach_is_office() RETURNS boolean LANGUAGE sql STABLE
    SET search_path FROM CURRENT AS
    $$ SELECT EXISTS (SELECT 1 FROM kehoach_role WHERE role = current_user AND kind = 'office') $$;
ALTER TABLE "centre" ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS centre_rows ON "centre";
CREATE POLICY centre_rows ON "centre" USING (id = kehoach_centre()) WITH CHECK (id = kehoach_centre());
DROP POLICY IF EXISTS office_reads ON "centre";
CREATE POLICY office_reads ON "centre" FOR SELECT USING (kehoach_is_office());
ALTER TABLE "village" ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS centre_rows ON "village";
CREATE POLICY centre_rows ON "village" USING (centre_id = kehoach_centre()) WITH CHECK (centre_id = kehoach_centre());
DROP POLICY IF EXISTS office_reads ON "village";
CREATE POLICY office_reads ON "village" FOR SELECT USING (kehoach_is_office());
ALTER TABLE "programme" ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS centre_rows ON "programme";
CREATE POLICY centre_rows ON "programme" USING (centre_id = kehoach_centre()) WITH CHECK (centre_id = kehoach_centre());
DROP POLICY IF EXISTS office_reads ON "programme";
CREATE POLICY office_reads ON "programme" FOR SELECT USING (kehoach_is_office());
ALTER TABLE "plan" ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS centre_rows ON "plan";
CREATE POLICY centre_rows ON "plan" USING (centre_id = kehoach_centre()) WITH CHECK (centre_id = kehoach_centre() AND status <> 'approved');
DROP POLICY IF EXISTS office_reads ON "plan";
CREATE POLICY office_reads ON "plan" FOR SELECT USING (kehoach_is_office());
ALTER TABLE "plan_text" ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS centre_rows ON "plan_text";
CREATE POLICY centre_rows ON "plan_text" USING (plan_id IN (SELECT id FROM plan WHERE centre_id = kehoach_centre())) WITH CHECK (plan_id IN (SELECT id FROM plan WHERE centre_id = kehoach_centre()));
DROP POLICY IF EXISTS office_reads ON "plan_text";
CREATE POLICY office_reads ON "plan_text" FOR SELECT USING (kehoach_is_office());
ALTER TABLE "plan_item" ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS centre_rows ON "plan_item";
CREATE POLICY centre_rows ON "plan_item" USING (plan_id IN (SELECT id FROM plan WHERE centre_id = kehoach_centre())) WITH CHECK (plan_id IN (SELECT id FROM plan WHERE centre_id = kehoach_centre()));
DROP POLICY IF EXISTS office_reads ON "plan_item";
CREATE POLICY office_reads ON "plan_item" FOR SELECT USING (kehoach_is_office());
ALTER TABLE "result_line" ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS centre_rows ON "result_line";
CREATE POLICY centre_rows ON "result_line" USING (plan_id IN (SELECT id FROM plan WHERE centre_id = kehoach_centre())) WITH CHECK (plan_id IN (SELECT id FROM plan WHERE centre_id = kehoach_centre()));
DROP POLICY IF EXISTS office_reads ON "result_line";
CREATE POLICY office_reads ON "result_line" FOR SELECT USING (kehoach_is_office());
ALTER TABLE "survey_line" ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS centre_rows ON "survey_line";
CREATE POLICY centre_rows ON "survey_line" USING (plan_id IN (SELECT id FROM plan WHERE centre_id = kehoach_centre())) WITH CHECK (plan_id IN (SELECT id FROM plan WHERE centre_id = kehoach_centre()));
DROP POLICY IF EXISTS office_reads ON "survey_line";
CREATE POLICY office_reads ON "survey_line" FOR SELECT USING (kehoach_is_office());
ALTER TABLE "activity" ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS centre_rows ON "activity";
CREATE POLICY centre_rows ON "activity" USING (plan_id IN (SELECT id FROM plan WHERE centre_id = kehoach_centre())) WITH CHECK (plan_id IN (SELECT id FROM plan WHERE centre_id = kehoach_centre()));
DROP POLICY IF EXISTS office_reads ON "activity";
CREATE POLICY office_reads ON "activity" FOR SELECT USING (kehoach_is_office());
ALTER TABLE "signer" ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS centre_rows ON "signer";
CREATE POLICY centre_rows ON "signer" USING (plan_id IN (SELECT id FROM plan WHERE centre_id = kehoach_centre())) WITH CHECK (plan_id IN (SELECT id FROM plan WHERE centre_id = kehoach_centre()));
DROP POLICY IF EXISTS office_reads ON "signer";
CREATE POLICY office_reads ON "signer" FOR SELECT USING (kehoach_is_office());
ALTER TABLE "plan_event" ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS centre_rows ON "plan_event";
CREATE POLICY centre_rows ON "plan_event" USING (plan_id IN (SELECT id FROM plan WHERE centre_id = kehoach_centre())) WITH CHECK (plan_id IN (SELECT id FROM plan WHERE centre_id = kehoach_centre()));
DROP POLICY IF EXISTS office_reads ON "plan_event";
CREATE POLICY office_reads ON "plan_event" FOR SELECT USING (kehoach_is_office());
ALTER TABLE "change_log" ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS centre_rows ON "change_log";
CREATE POLICY centre_rows ON "change_log" USING (plan_id IN (SELECT id FROM plan WHERE centre_id = kehoach_centre())) WITH CHECK (plan_id IN (SELECT id FROM plan WHERE centre_id = kehoach_centre()));
DROP POLICY IF EXISTS office_reads ON "change_log";
CREATE POLICY office_reads ON "change_log" FOR SELECT USING (kehoach_is_office());
DROP POLICY IF EXISTS office_update ON "plan";
CREATE POLICY office_update ON "plan" FOR UPDATE USING (kehoach_is_office() AND status = 'submitted') WITH CHECK (kehoach_is_office() AND status IN ('approved', 'returned'));
DROP POLICY IF EXISTS office_insert ON "plan_event";
CREATE POLICY office_insert ON "plan_event" FOR INSERT WITH CHECK (kehoach_is_office() AND action IN ('approve', 'return'));
DROP POLICY IF EXISTS office_insert ON "change_log";
CREATE POLICY office_insert ON "change_log" FOR INSERT WITH CHECK (kehoach_is_office() AND plan_id IS NOT NULL AND (action = 'status' OR "table" = 'signer'));
DROP POLICY IF EXISTS office_insert ON "signer";
CREATE POLICY office_insert ON "signer" FOR INSERT WITH CHECK (kehoach_is_office() AND role = 'approver');
DROP POLICY IF EXISTS office_update ON "signer";
CREATE POLICY office_update ON "signer" FOR UPDATE USING (kehoach_is_office() AND role = 'approver') WITH CHECK (kehoach_is_office() AND role = 'approver');
GRANT USAGE ON SCHEMA public TO "{th}";
GRANT SELECT ON schema_version, kehoach_role TO "{th}";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{th}";
GRANT SELECT, INSERT, UPDATE, DELETE ON "centre", "village", "programme", "plan", "plan_text", "plan_item", "result_line", "survey_line", "activity", "signer", "plan_event", "change_log" TO "{th}";
GRANT USAGE ON SCHEMA public TO "{tl}";
GRANT SELECT ON schema_version, kehoach_role TO "{tl}";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{tl}";
GRANT SELECT, INSERT, UPDATE, DELETE ON "centre", "village", "programme", "plan", "plan_text", "plan_item", "result_line", "survey_line", "activity", "signer", "plan_event", "change_log" TO "{tl}";
GRANT USAGE ON SCHEMA public TO "{office}";
GRANT SELECT ON schema_version, kehoach_role TO "{office}";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{office}";
REVOKE INSERT, UPDATE, DELETE ON "centre", "village", "programme", "plan", "plan_text", "plan_item", "result_line", "survey_line", "activity", "signer", "plan_event", "change_log" FROM "{office}";
GRANT SELECT ON "centre", "village", "programme", "plan", "plan_text", "plan_item", "result_line", "survey_line", "activity", "signer", "plan_event", "change_log" TO "{office}";
GRANT UPDATE (status, version) ON "plan" TO "{office}";
GRANT INSERT ON "plan_event", "change_log", "signer" TO "{office}";
GRANT UPDATE (name, title, authority, heading) ON "signer" TO "{office}";
