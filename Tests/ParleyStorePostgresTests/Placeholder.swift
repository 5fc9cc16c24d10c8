// Tests for PostgresStore (against a throwaway PostgreSQL).
