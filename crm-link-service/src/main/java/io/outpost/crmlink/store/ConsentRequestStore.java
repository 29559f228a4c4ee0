package io.outpost.crmlink.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.outpost.contracts.Channel;
import io.outpost.contracts.EventTypes;
import io.outpost.contracts.Topics;
import io.outpost.contracts.events.OutboundRequested;
import io.outpost.crmlink.config.ConsentConfig;
import io.outpost.crmlink.config.ConsentLinkSigner;
import io.outpost.crmlink.domain.Consent;
import io.outpost.crmlink.domain.ConsentDecision;
import io.outpost.crmlink.domain.ConsentEvidence;
import io.outpost.crmlink.domain.ConsentLedger;
import io.outpost.crmlink.domain.ConsentPurpose;
import io.outpost.crmlink.domain.ConsentRefused;
import io.outpost.crmlink.domain.ConsentTexts;
import io.outpost.crmlink.domain.LinkStatus;
import io.outpost.crmlink.domain.NameMask;
import io.outpost.crmlink.domain.PersonAttributes;
import io.outpost.crmlink.domain.SocialIdentity;
import io.outpost.kit.api.ApiException;
import io.outpost.kit.messaging.Outbox;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Consent requests and the consent page's decisions. A request, its audit entry and its DM (an
 * {@code outbound.requested} of kind consent-request, through the outbox) commit together; a page
 * answer records every purpose's decision, the link it allows and the request's answered mark
 * together, or nothing.
 */
@ApplicationScoped
public class ConsentRequestStore {

    /** Who decides on the page and by DM keyword: the person themself (the evidence says how). */
    public static final String CUSTOMER = "customer";

    private static final DateTimeFormatter UNTIL = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm 'UTC'", java.util.Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private final LinkStore links;
    private final ConsentStore consents;
    private final AuditLog audit;
    private final Outbox outbox;
    private final ConsentConfig config;
    private final ConsentLinkSigner signer;
    private final ObjectMapper json;

    public ConsentRequestStore(LinkStore links, ConsentStore consents, AuditLog audit, Outbox outbox, ConsentConfig config,
            ConsentLinkSigner signer, ObjectMapper json) {
        this.links = links;
        this.consents = consents;
        this.audit = audit;
        this.outbox = outbox;
        this.config = config;
        this.signer = signer;
        this.json = json;
    }

    /** What the page shows for a request. */
    public record PageView(ConsentRequestRow request, String channel, String handle, String maskedCustomer,
            ConsentTexts.Version texts, List<PurposeState> purposes, Instant now) {

        public boolean answered() {
            return request.answeredAt != null;
        }
    }

    /** One purpose on the page, with its current status (null when never decided). */
    public record PurposeState(ConsentPurpose purpose, String description, String status, boolean withdrawable) {

        public String name() {
            return purpose.wireName();
        }
    }

    /**
     * Sends a consent request to {@code identityId} for {@code purposes}, optionally naming the
     * customer the identity would be linked to.
     */
    @WithTransaction
    public Uni<ConsentRequestRow> create(UUID identityId, String customerId, List<ConsentPurpose> purposes, String reason,
            String actor) {
        ConsentTexts.Version texts = ConsentTexts.find(config.textVersion()).orElseThrow(() -> new ApiException(503,
                "Service unavailable", "consent text version " + config.textVersion() + " is not known"));
        if (!signer.configured()) {
            return Uni.createFrom().failure(new ApiException(503, "Service unavailable",
                    "consent links are not configured (outpost.crm-link.consent.link-secret)"));
        }
        Instant now = links.now();
        return SocialIdentity.<SocialIdentity>findById(identityId)
                .onItem().ifNull().failWith(() -> ApiException.notFound("no social identity " + identityId))
                .chain(identity -> (customerId == null ? Uni.createFrom().nullItem()
                        : CrmCustomer.<CrmCustomer>findById(customerId)
                                .onItem().ifNull().failWith(() -> ApiException.notFound("no customer " + customerId)))
                        .chain(customer -> {
                            ConsentRequestRow request = new ConsentRequestRow();
                            request.id = UUID.randomUUID();
                            request.identityId = identityId;
                            request.customerId = customerId;
                            request.purposes = String.join(",", purposes.stream().map(ConsentPurpose::wireName).toList());
                            request.textVersion = texts.version();
                            request.requestedBy = actor;
                            request.reason = reason;
                            request.requestedAt = now;
                            request.linkExpiresAt = now.plus(config.linkValidity());
                            request.messageId = UUID.randomUUID();
                            String url = stripSlash(config.pageBaseUrl()) + "/consent/"
                                    + signer.issue(request.id, request.linkExpiresAt);
                            String keyword = config.withdrawKeywords().get(0);
                            // From the account of ours the person last wrote to (null: the channel's default),
                            // so the request comes from the account they are talking to.
                            OutboundRequested dm = new OutboundRequested(request.messageId,
                                    OutboundRequested.Kind.CONSENT_REQUEST, null, Channel.fromWire(identity.channel),
                                    identity.lastAccountId, identity.platformUserId, null,
                                    texts.dm(purposes, url, UNTIL.format(request.linkExpiresAt), keyword), now);
                            Map<String, Object> evidence = new LinkedHashMap<>();
                            evidence.put("requestId", request.id.toString());
                            evidence.put("purposes", request.purposes);
                            evidence.put("customerId", customerId);
                            evidence.put("textVersion", request.textVersion);
                            evidence.put("messageId", request.messageId.toString());
                            evidence.put("linkExpiresAt", request.linkExpiresAt);
                            return request.persist()
                                    .chain(() -> outbox.add(Topics.OUTBOUND, identity.platformUserId,
                                            EventTypes.OUTBOUND_REQUESTED, dm))
                                    .chain(() -> audit.append(now, actor, "consent.requested", identityId.toString(), reason,
                                            evidence))
                                    .replaceWith(request);
                        }));
    }

    @WithSession
    public Uni<ConsentRequestRow> find(UUID requestId) {
        return ConsentRequestRow.<ConsentRequestRow>findById(requestId)
                .onItem().ifNull().failWith(() -> ApiException.notFound("no consent request " + requestId));
    }

    /** The page of a request: what would be linked and each purpose's status now. */
    @WithSession
    public Uni<PageView> page(UUID requestId) {
        Instant now = links.now();
        return find(requestId).chain(request -> SocialIdentity.<SocialIdentity>findById(request.identityId)
                .onItem().ifNull().failWith(() -> ApiException.notFound("no consent request " + requestId))
                .chain(identity -> (request.customerId == null ? Uni.createFrom().<CrmCustomer>nullItem()
                        : CrmCustomer.<CrmCustomer>findById(request.customerId))
                        .chain(customer -> ConsentRow.<ConsentRow>list("subjectId", request.identityId).map(rows -> {
                            ConsentTexts.Version texts = ConsentTexts.find(request.textVersion).orElseThrow();
                            Map<String, Consent> byPurpose = new LinkedHashMap<>();
                            rows.forEach(r -> byPurpose.put(r.purpose, r.toConsent()));
                            List<PurposeState> states = request.purposeList().stream().map(p -> {
                                Consent c = byPurpose.get(p.wireName());
                                return new PurposeState(p, texts.describe(p),
                                        c == null ? null : c.statusAt(now).name().toLowerCase(java.util.Locale.ROOT),
                                        ConsentLedger.withdrawable(c, now));
                            }).toList();
                            return new PageView(request, identity.channel, identity.handle, maskedName(customer), texts,
                                    states, now);
                        }))));
    }

    /**
     * The person's answer on the page: grant ({@code true}) or decline per requested purpose. A
     * request is answered once; a declined purpose that was granted is withdrawn (revoked). A
     * granted identity-link with a named customer confirms the link, unless the identity is
     * already linked (then the admin decides).
     *
     * @throws ApiException 409 (in the Uni) when the request was already answered
     */
    @WithTransaction
    public Uni<ConsentRequestRow> answer(UUID requestId, Map<ConsentPurpose, Boolean> grants) {
        Instant now = links.now();
        return ConsentRequestRow.<ConsentRequestRow>findById(requestId, LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(() -> ApiException.notFound("no consent request " + requestId))
                .chain(request -> {
                    if (request.answeredAt != null) {
                        return Uni.createFrom().failure(ApiException.conflict(
                                "this request was already answered; you can still withdraw below"));
                    }
                    if (!grants.keySet().equals(java.util.Set.copyOf(request.purposeList()))) {
                        return Uni.createFrom().failure(ApiException.badRequest("please decide on every purpose"));
                    }
                    ConsentEvidence evidence = pageEvidence(request, now);
                    Uni<Void> steps = links.lockIdentity(request.identityId).replaceWithVoid();
                    for (ConsentPurpose purpose : request.purposeList()) {
                        boolean grant = grants.get(purpose);
                        steps = steps.chain(() -> consents.current(request.identityId, purpose)
                                .chain(current -> consents.decide(request.identityId, purpose,
                                        grant ? ConsentDecision.GRANT : ConsentLedger.decline(current, now), evidence, null,
                                        "answered on the consent page"))
                                .replaceWithVoid());
                    }
                    if (request.customerId != null && Boolean.TRUE.equals(grants.get(ConsentPurpose.IDENTITY_LINK))) {
                        steps = steps.chain(() -> IdentityLink.count("identityId = ?1 and status = 'confirmed'", request.identityId))
                                .chain(linked -> linked > 0 ? Uni.createFrom().voidItem()
                                        : links.create(request.identityId, request.customerId, LinkStatus.CONFIRMED,
                                                "confirmed by the customer on the consent page (request " + request.id + ")",
                                                CUSTOMER).replaceWithVoid());
                    }
                    return steps.invoke(() -> request.answeredAt = now).replaceWith(request);
                });
    }

    /**
     * Withdraws one purpose from the page (any time until the link expires, answered or not).
     *
     * @throws ConsentRefused (CONFLICT, in the Uni) when the purpose is not granted
     */
    @WithTransaction
    public Uni<Void> withdraw(UUID requestId, ConsentPurpose purpose) {
        Instant now = links.now();
        return ConsentRequestRow.<ConsentRequestRow>findById(requestId)
                .onItem().ifNull().failWith(() -> ApiException.notFound("no consent request " + requestId))
                .chain(request -> {
                    if (!request.purposeList().contains(purpose)) {
                        return Uni.createFrom().failure(ApiException.badRequest(
                                "this request is not about " + purpose.wireName()));
                    }
                    return links.lockIdentity(request.identityId)
                            .chain(() -> consents.current(request.identityId, purpose))
                            .chain(current -> {
                                if (!ConsentLedger.withdrawable(current, now)) {
                                    return Uni.createFrom().failure(new ConsentRefused(ConsentRefused.Kind.CONFLICT,
                                            purpose.wireName() + " is not granted: there is nothing to withdraw"));
                                }
                                return consents.decide(request.identityId, purpose, ConsentDecision.REVOKE,
                                        pageEvidence(request, now), null, "withdrawn on the consent page").replaceWithVoid();
                            });
                });
    }

    private static ConsentEvidence pageEvidence(ConsentRequestRow request, Instant now) {
        return new ConsentEvidence(ConsentEvidence.Source.CONSENT_PAGE, null, "answered on the consent page",
                request.textVersion, CUSTOMER, now, request.id);
    }

    private String maskedName(CrmCustomer customer) {
        if (customer == null) {
            return null;
        }
        try {
            PersonAttributes person = json.readValue(customer.attributes, PersonAttributes.class);
            String masked = NameMask.mask(person.givenName(), person.familyName());
            return masked != null ? masked : "your customer record";
        } catch (java.io.IOException e) {
            return "your customer record";
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
