package io.outpost.ingest.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One of the brand's own accounts on a channel (a page, a support handle). Posts its platform
 * account id writes are our replies, not customer posts.
 */
@Entity
@Table(name = "channel_account")
public class ChannelAccount extends PanacheEntityBase {

    @Id
    public UUID id;
    public String channel;
    @Column(name = "platform_account_id")
    public String platformAccountId;
    public String handle;
    @Column(name = "display_name")
    public String displayName;
    /** The name of the secret holding the account's credentials; never the secret itself. */
    @Column(name = "credentials_ref")
    public String credentialsRef;
    /** The region the account serves (e.g. {@code gb}); posts delivered to it are counted in it for surges. */
    public String region;
    /** Forum accounts: where the integration takes our replies (README "Forum delivery contract"). */
    @Column(name = "endpoint_url")
    public String endpointUrl;
    /** Forum accounts: the signing secret, sealed ({@code store/AccountSecrets}); never returned by the API. */
    @Column(name = "signing_secret")
    public byte[] signingSecret;
    /** When the signing secret was last set (rotated). */
    @Column(name = "signing_secret_set_at")
    public Instant signingSecretSetAt;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
