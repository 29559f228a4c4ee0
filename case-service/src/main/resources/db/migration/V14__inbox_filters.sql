-- Issue 18, the inbox's filters on GET /api/v1/cases: intent, language and the customer's previous cases,
-- each in the list's order (newest first, id as tie-break) so a filtered page reads one index range.
create index customer_case_intent_list on customer_case (intent, opened_at desc, id desc) where intent is not null;
create index customer_case_language_list on customer_case (language, opened_at desc, id desc) where language is not null;
create index customer_case_customer_list on customer_case (customer_platform_id, opened_at desc, id desc);
