-- Madoguchi schema: a redelivery claims the parked event it delivers again (who, and until when the claim lasts), so
-- that while it runs the bounds of size and age do not delete the event (which would release the claims of the steps
-- its handling is making) and no other host instance redelivers it at the same time. An expired claim (its instance
-- died) protects nothing.
ALTER TABLE madoguchi_parked ADD COLUMN redelivery_owner VARCHAR(100);
ALTER TABLE madoguchi_parked ADD COLUMN redelivery_until TIMESTAMP(6) WITH TIME ZONE;
