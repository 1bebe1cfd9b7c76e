-- Madoguchi schema: an agent's and a group's queue pages ("my open tickets, newest change first") read their first
-- rows straight from an index in the page's order, instead of fetching and sorting every ticket of the agent (or
-- group) in that status. The new indexes begin with the columns of the ones they replace, so the open-tickets-per-
-- agent count and the filters on assignee or group alone use them too; the number of indexes a write maintains
-- stays the same.
CREATE INDEX madoguchi_ticket_assignee_queue ON madoguchi_ticket (tenant_id, assignee, status, updated_at, number);
DROP INDEX madoguchi_ticket_assignee;
CREATE INDEX madoguchi_ticket_group_queue ON madoguchi_ticket (tenant_id, group_id, status, updated_at, number);
DROP INDEX madoguchi_ticket_group;
