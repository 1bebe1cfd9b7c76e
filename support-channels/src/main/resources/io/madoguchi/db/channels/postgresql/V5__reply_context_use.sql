-- Madoguchi channels schema version 5: reply contexts are bounded per tenant by count as well as by age. Each
-- context records its last use (kept, resolved to its ticket, taken for a reply) as a position in its tenant's order
-- of uses; a tenant over its bound loses its least recently used contexts first, found through the index below
-- (never a scan of the table). Contexts kept before this version count as used before any later use.
ALTER TABLE madoguchi_outbox_inbound_context ADD COLUMN used_seq BIGINT NOT NULL DEFAULT 0;
CREATE INDEX madoguchi_outbox_inbound_context_used ON madoguchi_outbox_inbound_context
    (tenant, used_seq, channel, message_id);
