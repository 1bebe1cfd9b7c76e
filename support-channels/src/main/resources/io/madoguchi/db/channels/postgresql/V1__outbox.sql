-- Madoguchi channels schema version 1 (version table madoguchi_channels_schema_version, apart from the desk's): the
-- outbox rows and the reply contexts of open conversations. Text keys compare in code-point order (COLLATE "C");
-- instants keep microseconds; the parts and hints are JSON text.
CREATE TABLE madoguchi_outbox (
    id BIGINT PRIMARY KEY,
    tenant VARCHAR(128) COLLATE "C" NOT NULL,
    ticket VARCHAR(128) COLLATE "C" NOT NULL,
    message_seq INTEGER NOT NULL,
    channel VARCHAR(32) COLLATE "C" NOT NULL,
    recipient_kind VARCHAR(40) NOT NULL,
    recipient TEXT NOT NULL,
    parts_json TEXT NOT NULL,
    parts_sent INTEGER NOT NULL,
    context_json TEXT NOT NULL,
    status VARCHAR(10) NOT NULL,
    attempts INTEGER NOT NULL,
    requests INTEGER NOT NULL,
    next_attempt_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    last_error TEXT,
    created_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    version BIGINT NOT NULL
);
-- the due index covers only unfinished rows; finished ones are found by status for listing and pruning
CREATE INDEX madoguchi_outbox_due ON madoguchi_outbox (next_attempt_at, id) WHERE status IN ('PENDING', 'SENDING');
CREATE INDEX madoguchi_outbox_status ON madoguchi_outbox (status, next_attempt_at);
CREATE TABLE madoguchi_outbox_context (
    tenant VARCHAR(128) COLLATE "C" NOT NULL,
    ticket VARCHAR(128) COLLATE "C" NOT NULL,
    hints_json TEXT NOT NULL,
    reply_token TEXT,
    received_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant, ticket)
);
CREATE INDEX madoguchi_outbox_context_received ON madoguchi_outbox_context (received_at);
