-- Madoguchi channels schema version 2: Standard Webhooks endpoints a 410 Gone disabled, so a restart keeps them
-- disabled until the host enables them again.
CREATE TABLE madoguchi_webhook_endpoint_disabled (
    endpoint_id VARCHAR(200) COLLATE "C" PRIMARY KEY,
    disabled_at TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
