-- Madoguchi channels schema version 8: the outbox table holds several outboxes, each a namespace of its own (the
-- channel outbox's 'outbox', the webhook sender's 'webhooks'; JdbcOutboxStore.withNamespace). A row is keyed by its
-- namespace and id, and a row carrying a delivery key is unique per namespace, tenant, channel, recipient and key, so
-- the channel outbox (ids: positions of DeliveryRequested events) and the webhook sender (ids: an event's position
-- times 256 plus the endpoint's place) write to one table without their ids meeting. Each store reads, claims,
-- counts against its tenant's bound and prunes the rows of its own namespace only. Rows written before this version
-- are the default namespace's ('outbox'), where a store not given a namespace keeps finding them; so are rows an
-- instance of an older library version still writes during a rolling upgrade (the column's default).
ALTER TABLE madoguchi_outbox ADD COLUMN namespace VARCHAR(32) DEFAULT 'outbox' NOT NULL;
ALTER TABLE madoguchi_outbox DROP PRIMARY KEY;
ALTER TABLE madoguchi_outbox ADD PRIMARY KEY (namespace, id);
DROP INDEX madoguchi_outbox_due;
-- H2 has no partial index: the due index covers every row
CREATE INDEX madoguchi_outbox_due ON madoguchi_outbox (namespace, next_attempt_at, id);
DROP INDEX madoguchi_outbox_status;
CREATE INDEX madoguchi_outbox_status ON madoguchi_outbox (namespace, status, next_attempt_at);
DROP INDEX madoguchi_outbox_delivery_key;
-- H2 has no partial index: rows without a key are in the index too (NULL keys never collide)
CREATE UNIQUE INDEX madoguchi_outbox_delivery_key ON madoguchi_outbox
    (namespace, tenant, channel, recipient_kind, recipient, delivery_key);
DROP INDEX madoguchi_outbox_tenant_unfinished;
-- H2 has no partial index: the index covers finished rows too, and the count reads only the unfinished statuses
CREATE INDEX madoguchi_outbox_tenant_unfinished ON madoguchi_outbox (namespace, tenant, status);
