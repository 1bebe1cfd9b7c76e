-- Madoguchi channels schema version 7: the outbox holds at most a bound of unfinished rows (pending, sending) per
-- tenant, as the in-memory outbox does, so one tenant whose sends are stuck never fills the table for all. A tenant's
-- adds take its row of madoguchi_outbox_tenant FOR UPDATE, count its unfinished rows through the index below and
-- insert under that lock, so adds of one tenant on many host instances follow one another and never pass the bound.
-- The table holds no count (nothing to drift): only the rows to lock, one per tenant that ever added a row.
CREATE TABLE madoguchi_outbox_tenant (
    tenant VARCHAR(128) PRIMARY KEY
);
-- H2 has no partial index: the index covers finished rows too, and the count reads only the unfinished statuses
CREATE INDEX madoguchi_outbox_tenant_unfinished ON madoguchi_outbox (tenant, status);
