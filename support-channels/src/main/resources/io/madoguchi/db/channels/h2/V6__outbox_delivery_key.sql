-- Madoguchi channels schema version 6: one outbox row per message and recipient. A row whose context carries the
-- hint 'webhook.id' (OutboxStore.DELIVERY_KEY_HINT: the webhook publisher's rows, one per event and endpoint) keeps
-- that value in delivery_key, and the unique index below refuses a second row of its tenant, channel, recipient and
-- key at another id, so two host instances whose tenant's endpoints are in different orders, delivering one event at
-- once, write one row per endpoint, not two. Other rows leave it NULL and are unique by id only. Rows written before
-- this version are not given a key (their events were delivered or are retried from the desk's log, where the
-- publisher finds their rows by recipient).
ALTER TABLE madoguchi_outbox ADD COLUMN delivery_key CHARACTER VARYING;
-- H2 has no partial index: rows without a key are in the index too (NULL keys never collide)
CREATE UNIQUE INDEX madoguchi_outbox_delivery_key ON madoguchi_outbox
    (tenant, channel, recipient_kind, recipient, delivery_key);
