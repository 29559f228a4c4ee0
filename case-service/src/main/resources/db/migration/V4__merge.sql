-- A case merged into another: closed, its posts and replies moved to the target.
alter table customer_case add column merged_into_case_id uuid;
