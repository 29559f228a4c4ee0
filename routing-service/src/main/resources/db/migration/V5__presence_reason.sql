-- routing-service, issue 18: why an agent is busy or away ("lunch", "training"), shown with their presence.
-- Set with each presence change (none given: cleared). At most 200 characters (the API checks it).
alter table agent add column presence_reason text;
