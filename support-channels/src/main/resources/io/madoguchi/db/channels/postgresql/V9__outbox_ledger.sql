-- Madoguchi channels schema version 9: the ledger of finished outbox rows. A store drops finished rows (sent, dead)
-- after its retention (7 days by default), but an event may be delivered again much later: a parked event an admin
-- redelivers, a subscriber whose checkpoint was reset. So that it sends nothing twice, the add that drops finished
-- rows moves what identifies them here in the same statement, and an add finds a row here as it finds a stored one:
-- by namespace and id, and by namespace, tenant, channel, recipient and delivery key (OutboxStore.DELIVERY_KEY_HINT).
-- No text, context or ticket is kept, and the recipient only of rows with a delivery key (the webhook endpoint's id).
-- Bounded per namespace by age (ledgerRetention, 90 days by default, from finished_at) and per namespace and tenant
-- by count (maxLedger), trimmed by the tenant's adds in batches, its earliest finished first.
CREATE TABLE madoguchi_outbox_ledger (
    namespace VARCHAR(32) COLLATE "C" NOT NULL,
    id BIGINT NOT NULL,
    tenant VARCHAR(128) COLLATE "C" NOT NULL,
    channel VARCHAR(32) COLLATE "C" NOT NULL,
    recipient_kind VARCHAR(40),
    recipient TEXT,
    delivery_key TEXT COLLATE "C",
    finished_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    PRIMARY KEY (namespace, id)
);
-- the index covers only keyed rows
CREATE INDEX madoguchi_outbox_ledger_key ON madoguchi_outbox_ledger
    (namespace, tenant, channel, recipient_kind, recipient, delivery_key) WHERE delivery_key IS NOT NULL;
CREATE INDEX madoguchi_outbox_ledger_age ON madoguchi_outbox_ledger (namespace, finished_at);
CREATE INDEX madoguchi_outbox_ledger_tenant ON madoguchi_outbox_ledger (namespace, tenant, finished_at, id);
