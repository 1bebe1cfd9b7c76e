-- Madoguchi channels schema version 4: a reply context is kept per inbound message, keyed by the provider's message
-- id on its channel, before the message is committed to the desk (the desk's receive claims the same key with the
-- message), and is resolved to the ticket and position the message was committed at afterwards, by the gateway or
-- by the outbox from the desk's claim. A ticket answers with its newest resolved message's context. Version 1's
-- contexts, kept per ticket after the commit, are carried over as resolved ones under their ticket's id (channel
-- '' and position 0: any message resolved to the ticket later supersedes them).
CREATE TABLE madoguchi_outbox_inbound_context (
    tenant VARCHAR(128) COLLATE "C" NOT NULL,
    channel VARCHAR(32) COLLATE "C" NOT NULL,
    message_id VARCHAR(500) COLLATE "C" NOT NULL,
    sender_kind VARCHAR(40) NOT NULL,
    sender TEXT COLLATE "C" NOT NULL,
    ticket VARCHAR(128) COLLATE "C",
    message_seq INTEGER NOT NULL,
    hints_json TEXT NOT NULL,
    reply_token TEXT,
    received_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant, channel, message_id)
);
CREATE INDEX madoguchi_outbox_inbound_context_ticket ON madoguchi_outbox_inbound_context (tenant, ticket, message_seq)
    WHERE ticket IS NOT NULL;
-- the sender index covers only unresolved rows, the few the outbox looks up by sender
CREATE INDEX madoguchi_outbox_inbound_context_sender ON madoguchi_outbox_inbound_context
    (tenant, channel, sender_kind, sender, received_at) WHERE ticket IS NULL;
CREATE INDEX madoguchi_outbox_inbound_context_received ON madoguchi_outbox_inbound_context (received_at);
INSERT INTO madoguchi_outbox_inbound_context (tenant, channel, message_id, sender_kind, sender, ticket, message_seq,
    hints_json, reply_token, received_at)
    SELECT tenant, '', ticket, '', '', ticket, 0, hints_json, reply_token, received_at FROM madoguchi_outbox_context;
DROP TABLE madoguchi_outbox_context;
