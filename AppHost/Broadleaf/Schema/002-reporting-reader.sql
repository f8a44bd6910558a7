-- The login Reporting uses: it can read every table and the database itself refuses anything else.
-- {role} and {password} are filled in by the seeder (the password is an AppHost secret parameter).
-- Idempotent, so that a persistent container keeps working when the parameter's value changes.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN
        ALTER ROLE {role} LOGIN PASSWORD '{password}';
    ELSE
        CREATE ROLE {role} LOGIN PASSWORD '{password}' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION;
    END IF;
END
$$;
ALTER ROLE {role} SET default_transaction_read_only = on;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO {role};
GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role};
