-- Madoguchi schema: the FAQ catalog (every revision of every FAQ, a revision number per tenant), the tenants'
-- synonyms, the learning boosts and the gap log (customers' questions, bounded by count and age by the store).
CREATE TABLE madoguchi_faq_catalog (
    tenant_id VARCHAR(128) PRIMARY KEY,
    revision BIGINT NOT NULL,
    synonyms TEXT NOT NULL
);

CREATE TABLE madoguchi_faq_entry (
    tenant_id VARCHAR(128) NOT NULL,
    faq_id VARCHAR(200) NOT NULL,
    version BIGINT NOT NULL,
    revision BIGINT NOT NULL,
    ordinal INTEGER NOT NULL,
    locale VARCHAR(35) NOT NULL,
    question TEXT NOT NULL,
    phrasings TEXT NOT NULL,
    answer TEXT NOT NULL,
    links TEXT NOT NULL,
    category VARCHAR(200) NOT NULL,
    tags TEXT NOT NULL,
    published BOOLEAN NOT NULL,
    PRIMARY KEY (tenant_id, faq_id, version)
);

CREATE INDEX madoguchi_faq_entry_by_revision ON madoguchi_faq_entry (tenant_id, revision);

CREATE TABLE madoguchi_faq_current (
    tenant_id VARCHAR(128) NOT NULL,
    faq_id VARCHAR(200) NOT NULL,
    version BIGINT NOT NULL,
    position BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, faq_id)
);

CREATE TABLE madoguchi_faq_boost (
    tenant_id VARCHAR(128) NOT NULL,
    language VARCHAR(8) NOT NULL,
    query_key VARCHAR(200) NOT NULL,
    faq_id VARCHAR(200) NOT NULL,
    boost DOUBLE PRECISION NOT NULL,
    changed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant_id, language, query_key, faq_id)
);

CREATE INDEX madoguchi_faq_boost_by_change ON madoguchi_faq_boost (tenant_id, changed_at);

CREATE TABLE madoguchi_faq_gap (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id VARCHAR(128) NOT NULL,
    language VARCHAR(8) NOT NULL,
    asked_at TIMESTAMP WITH TIME ZONE NOT NULL,
    question VARCHAR(500) NOT NULL,
    terms TEXT NOT NULL
);

CREATE INDEX madoguchi_faq_gap_by_scope ON madoguchi_faq_gap (tenant_id, language, id);
