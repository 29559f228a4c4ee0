package io.outpost.crmlink.api;

import io.outpost.crmlink.config.ConsentConfig;
import io.outpost.crmlink.config.ConsentLinkSigner;
import io.outpost.crmlink.domain.ConsentPurpose;
import io.outpost.crmlink.domain.ConsentRefused;
import io.outpost.crmlink.store.ConsentRequestStore;
import io.outpost.kit.api.ApiException;
import io.outpost.kit.links.SignedLinks;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

/**
 * The consent page a DM links to: no login (the signed, expiring link is the person's key), plain
 * HTML forms that work without JavaScript, Post/Redirect/Get so a reload never submits twice.
 *
 * <p>Status codes: 200 the page; 303 after an answer or withdrawal; 400 an incomplete form; 404 a
 * link that is not ours (tampered, malformed, for another purpose) or whose request no longer
 * exists; 409 answering a request a second time, or withdrawing what is not granted; 410 a genuine
 * link past its expiry; 503 links not configured. Nothing is recorded on any error.
 */
@Path("/consent/{token}")
@PermitAll
@Produces(MediaType.TEXT_HTML)
public class ConsentPageResource {

    private static final Logger LOG = Logger.getLogger(ConsentPageResource.class);
    private static final DateTimeFormatter UNTIL = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    private static final Map<String, String> NOTICES = Map.of(
            "answered", "Thank you: your choices are saved.",
            "withdrawn", "Your consent is withdrawn.");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(ConsentPage page);

        static native TemplateInstance failure(ConsentFailure failure);
    }

    private final ConsentRequestStore requests;
    private final ConsentLinkSigner signer;
    private final ConsentConfig config;

    public ConsentPageResource(ConsentRequestStore requests, ConsentLinkSigner signer, ConsentConfig config) {
        this.requests = requests;
        this.signer = signer;
        this.config = config;
    }

    @GET
    @Operation(summary = "The consent page (HTML, no login)", description = "What would be linked, the purposes, and "
            + "the person's choices; after answering, the status per purpose with a withdraw button.")
    public Uni<Response> show(@PathParam("token") String token, @QueryParam("done") String done) {
        return withRequest(token, requestId -> render(token, requestId, Response.Status.OK,
                done == null ? null : NOTICES.get(done), null));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Answer the consent request (form post)", description = "One field per purpose: grant or "
            + "decline. A request is answered once; 409 the second time.")
    public Uni<Response> answer(@PathParam("token") String token, MultivaluedMap<String, String> form) {
        return withRequest(token, requestId -> requests.find(requestId).chain(request -> {
            Map<ConsentPurpose, Boolean> grants = new LinkedHashMap<>();
            for (ConsentPurpose purpose : request.purposeList()) {
                String choice = form.getFirst(purpose.wireName());
                if ("grant".equals(choice) || "decline".equals(choice)) {
                    grants.put(purpose, "grant".equals(choice));
                }
            }
            if (grants.size() != request.purposeList().size()) {
                return render(token, requestId, Response.Status.BAD_REQUEST, null,
                        "Please choose yes or no for every purpose.");
            }
            return requests.answer(requestId, grants).map(r -> seeOther(token, "answered"));
        }));
    }

    @POST
    @Path("/withdraw")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Withdraw one purpose (form post)", description = "Field purpose. Works until the link "
            + "expires, whether or not the request was answered; 409 when the purpose is not granted.")
    public Uni<Response> withdraw(@PathParam("token") String token, MultivaluedMap<String, String> form) {
        return withRequest(token, requestId -> {
            ConsentPurpose purpose;
            try {
                purpose = ConsentPurpose.fromWire(form.getFirst("purpose"));
            } catch (IllegalArgumentException e) {
                return failure(Response.Status.BAD_REQUEST, "Nothing to withdraw", "The form did not say what to withdraw.");
            }
            return requests.withdraw(requestId, purpose).map(ignored -> seeOther(token, "withdrawn"));
        });
    }

    /** Verifies the link, then runs {@code action}; every failure becomes an HTML error page. */
    private Uni<Response> withRequest(String token, Function<UUID, Uni<Response>> action) {
        if (!signer.configured()) {
            return failure(Response.Status.SERVICE_UNAVAILABLE, "Not available",
                    "Consent links are not available right now. Please try again later.");
        }
        SignedLinks.Verification verification = signer.verify(token);
        if (verification.status() == SignedLinks.Status.EXPIRED) {
            return failure(Response.Status.GONE, "This link has expired",
                    "This consent link is no longer valid. You can still withdraw any consent by sending us the private "
                            + "message \"" + config.withdrawKeywords().get(0) + "\", or ask us for a new link.");
        }
        UUID requestId = verification.valid() ? uuidOrNull(verification.subject()) : null;
        if (requestId == null) {
            return invalidLink();
        }
        return Uni.createFrom().deferred(() -> action.apply(requestId)).onFailure().recoverWithUni(this::toPage);
    }

    private Uni<Response> toPage(Throwable e) {
        if (e instanceof ApiException api) {
            return switch (api.status()) {
                case 404 -> invalidLink();
                case 409 -> failure(Response.Status.CONFLICT, "Already answered",
                        "You already answered this request. Open the link again to see your choices or withdraw them.");
                default -> failure(Response.Status.fromStatusCode(api.status()), "Something is wrong", api.getMessage());
            };
        }
        if (e instanceof ConsentRefused refused) {
            return failure(refused.kind() == ConsentRefused.Kind.INVALID ? Response.Status.BAD_REQUEST
                    : Response.Status.CONFLICT, "Not possible", refused.getMessage());
        }
        LOG.error("consent page failed", e);
        return failure(Response.Status.INTERNAL_SERVER_ERROR, "Something went wrong",
                "Your choice was not saved. Please try again in a moment.");
    }

    private Uni<Response> render(String token, UUID requestId, Response.Status status, String notice, String error) {
        return requests.page(requestId).map(view -> {
            List<ConsentPage.Purpose> purposes = view.purposes().stream().map(p -> new ConsentPage.Purpose(p.name(),
                    label(p.purpose()), p.description(), p.status(), p.withdrawable())).toList();
            ConsentPage page = new ConsentPage(handle(view.handle(), view.channel()), view.maskedCustomer(),
                    view.texts().intro(), view.texts().version(), UNTIL.format(view.request().linkExpiresAt),
                    !view.answered(), purposes, "/consent/" + token, "/consent/" + token + "/withdraw",
                    config.withdrawKeywords().get(0), notice, error);
            return html(status, Templates.page(page));
        });
    }

    private static Uni<Response> invalidLink() {
        return failure(Response.Status.NOT_FOUND, "This link is not valid",
                "This consent link is not one we sent, or it was changed. Please use the link from our message exactly "
                        + "as you received it.");
    }

    private static Uni<Response> failure(Response.Status status, String title, String message) {
        return Uni.createFrom().item(html(status, Templates.failure(new ConsentFailure(title, message))));
    }

    private static Response html(Response.Status status, TemplateInstance template) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(template.render())
                // The token is in the URL: keep it out of caches and of other sites' referrers.
                .header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer")
                .header("X-Frame-Options", "DENY").build();
    }

    private static Response seeOther(String token, String done) {
        return Response.seeOther(URI.create("/consent/" + token + "?done=" + done)).build();
    }

    private static String label(ConsentPurpose purpose) {
        return switch (purpose) {
            case IDENTITY_LINK -> "Link my account";
            case PERSONALIZATION -> "Personalised replies";
            case SURVEYS -> "Satisfaction surveys";
        };
    }

    private static String handle(String handle, String channel) {
        String name = switch (channel) {
            case "x" -> "X";
            case "facebook" -> "Facebook";
            case "instagram" -> "Instagram";
            case "messenger" -> "Messenger";
            default -> channel;
        };
        return (handle == null ? "your account" : "@" + handle) + " on " + name;
    }

    private static UUID uuidOrNull(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
