package io.outpost.ingest.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.DynamicUpdate;
import java.time.Instant;
import java.util.UUID;

/**
 * One of the brand's own accounts on a channel (a page, a support handle). Posts its platform
 * account id writes are our replies, not customer posts.
 *
 * <p>{@code @DynamicUpdate}: an admin's change writes only the columns it changed. Senders rewrite the
 * OAuth tokens and the credentials status concurrently (own short updates); a whole-row update of an
 * account loaded a moment before would put a spent refresh token back.
 */
@DynamicUpdate
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
    /** X accounts: the OAuth 2.0 user access token, sealed ({@code store/AccountSecrets}); never returned by the API. */
    @Column(name = "access_token")
    public byte[] accessToken;
    /** X accounts: the refresh token, sealed; X rotates it on every refresh, so every refresh rewrites it. */
    @Column(name = "refresh_token")
    public byte[] refreshToken;
    /** X accounts: when the access token expires (X: 2 hours after it was issued). */
    @Column(name = "access_token_expires_at")
    public Instant accessTokenExpiresAt;
    /** Until when one sender (of any replica) holds the right to refresh the tokens; null or past: nobody. */
    @Column(name = "refresh_claimed_until")
    public Instant refreshClaimedUntil;
    /** {@code ok}, {@code failing} or {@code unknown} ({@link CredentialsStatus}). */
    @Column(name = "credentials_status")
    public String credentialsStatus;
    /** The platform's reason while failing, else null. */
    @Column(name = "credentials_error")
    public String credentialsError;
    /** When the status was last set: a refresh, a failure, the first send that worked after another state. */
    @Column(name = "credentials_checked_at")
    public Instant credentialsCheckedAt;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
