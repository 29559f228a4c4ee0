package io.outpost.crmlink.messaging;

import io.outpost.crmlink.store.ConsentStore;
import io.outpost.crmlink.store.LinkStore;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The expiry sweep. First announces grants that ran out (consent-changed "expired", audit
 * {@code consent.expired}; an identity-link grant's link removed with it), then removes any
 * confirmed link whose identity-link consent ran out (reason {@code consent-expired},
 * announced on outpost.identity like any removal). Reads never show such a link even before the
 * sweep: agents and integrations see only links under a consent in force.
 */
@ApplicationScoped
public class LinkExpiry {

    private static final Logger LOG = Logger.getLogger(LinkExpiry.class);
    static final int BATCH = 100;

    private final ConsentStore consents;
    private final LinkStore links;

    public LinkExpiry(ConsentStore consents, LinkStore links) {
        this.consents = consents;
        this.links = links;
    }

    @Scheduled(every = "${outpost.crm-link.links.expiry-sweep:60s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return consents.expireDue(BATCH)
                .chain(() -> links.expireLinks(BATCH))
                .onFailure().invoke(e -> LOG.warn("link expiry sweep failed; the next one retries", e))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
