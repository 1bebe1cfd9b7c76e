-- Madoguchi schema version 1 (H2 2.x): the desk (tickets, messages, audit, customers, configuration), the
-- event log with its idempotency claims, and the subscribers' checkpoints.
-- Snapshots are JSON text in "doc"; the columns beside it are what the desk filters, sorts and joins on.
-- Text columns ending in "_folded" hold TextFolding.fold(...) of the text (NFKC, lower case) for search.

CREATE TABLE madoguchi_sequence (
    tenant_id VARCHAR(128) NOT NULL,
    name VARCHAR(100) NOT NULL,
    next_value BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, name)
);

CREATE TABLE madoguchi_ticket (
    id VARCHAR(128) PRIMARY KEY,
    tenant_id VARCHAR(128) NOT NULL,
    number BIGINT NOT NULL,
    status VARCHAR(16) NOT NULL,
    priority SMALLINT NOT NULL,
    type VARCHAR(16) NOT NULL,
    channel VARCHAR(32) NOT NULL,
    requester VARCHAR(128) NOT NULL,
    organization VARCHAR(128),
    assignee VARCHAR(128),
    group_id VARCHAR(128),
    complaint BOOLEAN NOT NULL,
    tags_folded CHARACTER VARYING NOT NULL,
    subject_folded CHARACTER VARYING NOT NULL,
    created_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    version BIGINT NOT NULL,
    doc CHARACTER VARYING NOT NULL
);
-- the desk's lists: a tenant's tickets by status, newest change first; keyset pages by (sort key, number)
CREATE INDEX madoguchi_ticket_status_updated ON madoguchi_ticket (tenant_id, status, updated_at, number);
CREATE INDEX madoguchi_ticket_updated ON madoguchi_ticket (tenant_id, updated_at, number);
CREATE INDEX madoguchi_ticket_created ON madoguchi_ticket (tenant_id, created_at, number);
CREATE INDEX madoguchi_ticket_priority ON madoguchi_ticket (tenant_id, priority, number);
-- a customer's tickets, an agent's queue (and the open-tickets-per-agent count), a group's queue
CREATE INDEX madoguchi_ticket_requester ON madoguchi_ticket (tenant_id, requester, updated_at);
CREATE INDEX madoguchi_ticket_assignee ON madoguchi_ticket (tenant_id, assignee, status);
CREATE INDEX madoguchi_ticket_group ON madoguchi_ticket (tenant_id, group_id, status);

CREATE TABLE madoguchi_message (
    ticket_id VARCHAR(128) NOT NULL REFERENCES madoguchi_ticket (id),
    seq INTEGER NOT NULL,
    internal BOOLEAN NOT NULL,
    body_folded CHARACTER VARYING NOT NULL,
    doc CHARACTER VARYING NOT NULL,
    PRIMARY KEY (ticket_id, seq)
);

CREATE TABLE madoguchi_audit (
    ticket_id VARCHAR(128) NOT NULL REFERENCES madoguchi_ticket (id),
    version BIGINT NOT NULL,
    doc CHARACTER VARYING NOT NULL,
    PRIMARY KEY (ticket_id, version)
);

CREATE TABLE madoguchi_customer (
    id VARCHAR(128) PRIMARY KEY,
    tenant_id VARCHAR(128) NOT NULL,
    version BIGINT NOT NULL,
    doc CHARACTER VARYING NOT NULL
);

-- an identity (kind + normalized value) belongs to at most one customer per tenant
CREATE TABLE madoguchi_identity (
    tenant_id VARCHAR(128) NOT NULL,
    identity VARCHAR(300) NOT NULL,
    customer_id VARCHAR(128) NOT NULL REFERENCES madoguchi_customer (id),
    PRIMARY KEY (tenant_id, identity)
);
CREATE INDEX madoguchi_identity_customer ON madoguchi_identity (customer_id);

-- organizations, agents, groups, macros, custom field definitions; item_id is unique per kind and tenant
CREATE TABLE madoguchi_config (
    kind VARCHAR(16) NOT NULL,
    tenant_id VARCHAR(128) NOT NULL,
    item_id VARCHAR(128) NOT NULL,
    doc CHARACTER VARYING NOT NULL,
    PRIMARY KEY (kind, tenant_id, item_id)
);
CREATE INDEX madoguchi_config_item ON madoguchi_config (kind, item_id);

-- the event log: positions are assigned under the row lock of madoguchi_log_head, so they follow commit order
CREATE TABLE madoguchi_log_head (
    id SMALLINT PRIMARY KEY,
    position BIGINT NOT NULL
);
INSERT INTO madoguchi_log_head (id, position) VALUES (1, 0);

CREATE TABLE madoguchi_event (
    position BIGINT PRIMARY KEY,
    tenant_id VARCHAR(128) NOT NULL,
    type VARCHAR(200) NOT NULL,
    schema_version INTEGER NOT NULL,
    event_class VARCHAR(300) NOT NULL,
    stream_key VARCHAR(300) NOT NULL,
    occurred_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    payload CHARACTER VARYING NOT NULL
);

CREATE TABLE madoguchi_claim (
    tenant_id VARCHAR(128) NOT NULL,
    scope VARCHAR(100) NOT NULL,
    claim_key VARCHAR(500) NOT NULL,
    result CHARACTER VARYING NOT NULL,
    claimed_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant_id, scope, claim_key)
);
CREATE INDEX madoguchi_claim_age ON madoguchi_claim (claimed_at);

-- each subscriber's place in the log, and the instance holding its lease (who delivers to it now)
CREATE TABLE madoguchi_checkpoint (
    subscriber VARCHAR(100) PRIMARY KEY,
    position BIGINT NOT NULL,
    lease_owner VARCHAR(100),
    lease_until TIMESTAMP(6) WITH TIME ZONE
);

CREATE TABLE madoguchi_parked (
    subscriber VARCHAR(100) NOT NULL,
    position BIGINT NOT NULL,
    type VARCHAR(200) NOT NULL,
    error CHARACTER VARYING NOT NULL,
    attempts INTEGER NOT NULL,
    parked_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    PRIMARY KEY (subscriber, position)
);
