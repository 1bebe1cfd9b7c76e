-- Madoguchi channels schema version 8: the outbox table holds several outboxes, each a namespace of its own (the
-- channel outbox's 'outbox', the webhook sender's 'webhooks'; JdbcOutboxStore.withNamespace). A row is keyed by its
-- namespace and id, and a row carrying a delivery key is unique per namespace, tenant, channel, recipient and key, so
-- the channel outbox (ids: positions of DeliveryRequested events) and the webhook sender (ids: an event's position
-- times 256 plus the endpoint's place) write to one table without their ids meeting. Each store reads, claims,
-- counts against its tenant's bound and prunes the rows of its own namespace only. Rows written before this version
-- are the default namespace's ('outbox'), where a store not given a namespace keeps finding them; so are rows an
-- instance of an older library version still writes during a rolling upgrade (the column's default).
ALTER TABLE madoguchi_outbox ADD COLUMN namespace VARCHAR(32) COLLATE "C" NOT NULL DEFAULT 'outbox';
ALTER TABLE madoguchi_outbox DROP CONSTRAINT madoguchi_outbox_pkey;
ALTER TABLE madoguchi_outbox ADD CONSTRAINT madoguchi_outbox_pkey PRIMARY KEY (namespace, id);
DROP INDEX madoguchi_outbox_due;
-- the due index covers only unfinished rows; finished ones are found by status for listing and pruning
CREATE INDEX madoguchi_outbox_due ON madoguchi_outbox (namespace, next_attempt_at, id)
    WHERE status IN ('PENDING', 'SENDING');
DROP INDEX madoguchi_outbox_status;
CREATE INDEX madoguchi_outbox_status ON madoguchi_outbox (namespace, status, next_attempt_at);
DROP INDEX madoguchi_outbox_delivery_key;
-- the index covers only keyed rows
CREATE UNIQUE INDEX madoguchi_outbox_delivery_key ON madoguchi_outbox
    (namespace, tenant, channel, recipient_kind, recipient, delivery_key) WHERE delivery_key IS NOT NULL;
DROP INDEX madoguchi_outbox_tenant_unfinished;
-- the index covers only unfinished rows, the ones counted
CREATE INDEX madoguchi_outbox_tenant_unfinished ON madoguchi_outbox (namespace, tenant)
    WHERE status IN ('PENDING', 'SENDING');
