-- What an identity revealed about itself in private messages (issue 7): email, phone, account
-- number, each value once per identity (compared normalized), with the message that revealed it as
-- evidence. Used to match the identity against CRM customers; deleted with the identity (erasure).
create table identity_revealed_attribute (
    id               bigint      generated always as identity primary key,
    identity_id      uuid        not null references social_identity (id) on delete cascade,
    attribute        text        not null check (attribute in ('email', 'phone', 'accountNumber')),
    -- As the person wrote it.
    value            text        not null,
    normalized_value text        not null,
    post_id          uuid        not null,
    -- The platform's id of the private message.
    message_id       text,
    -- The message's platform time.
    revealed_at      timestamptz not null,
    constraint identity_revealed_once unique (identity_id, attribute, normalized_value)
);
