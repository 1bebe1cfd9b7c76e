-- Madoguchi channels schema version 3: a Standard Webhooks endpoint belongs to one tenant and its id names it within
-- that tenant, so its disabled state is keyed by tenant and id (disabling tenant A's "crm" leaves tenant B's "crm"
-- enabled). Version 2 rows name no tenant and cannot be given one here: they are dropped, so an endpoint a 410 disabled
-- before the upgrade is tried once more and, answering 410 again, disabled again for its own tenant (the
-- webhooks.WebhookEndpointDisabled events in the desk's log still say which tenant's delivery disabled it).
DROP TABLE madoguchi_webhook_endpoint_disabled;
CREATE TABLE madoguchi_webhook_endpoint_disabled (
    tenant VARCHAR(128) NOT NULL,
    endpoint_id VARCHAR(200) NOT NULL,
    disabled_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant, endpoint_id)
);
