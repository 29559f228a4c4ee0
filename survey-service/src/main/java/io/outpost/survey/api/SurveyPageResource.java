package io.outpost.survey.api;

import io.outpost.contracts.surveys.SurveyKind;
import io.outpost.kit.links.SignedLinks;
import io.outpost.survey.config.LinksProducer;
import io.outpost.survey.domain.Survey;
import io.outpost.survey.domain.SurveyWording;
import io.outpost.survey.messaging.SurveyAnswers;
import io.outpost.survey.messaging.SurveyAnswers.Outcome;
import io.outpost.survey.store.SurveyStore;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The survey answer page: no login, the signed link is the credential. A valid link shows the
 * question; an answer is recorded once ({@link SurveyAnswers}). Every refusal is a page that says
 * what happened, with its status:
 *
 * <ul>
 * <li>400: the link was altered, cut or forged (the signature does not match);</li>
 * <li>410: the answer window closed (an expired link or survey), or the survey was withdrawn;</li>
 * <li>409: the survey was answered already (a reused link);</li>
 * <li>400 with the form again: no score, a score off the scale, or a comment too long.</li>
 * </ul>
 *
 * Nothing is recorded in any of these cases. Pages are plain HTML forms (no JavaScript), in the
 * case's language; error pages without a readable survey use the browser's language.
 */
@Path("/s/{token}")
@PermitAll
public class SurveyPageResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance question(QuestionPage page);

        static native TemplateInstance message(MessagePage page);
    }

    /** What the question page shows. */
    public record QuestionPage(String lang, String title, String question, int min, int max, String lowLabel,
            String highLabel, String reasonLabel, String hint, String submit, List<Integer> scores, Integer selected,
            String comment, String error, int maxComment) {
    }

    /** A page with a heading and a sentence: thanks, or what went wrong. */
    public record MessagePage(String lang, String title, String body, String kind) {
    }

    private final SignedLinks links;
    private final SurveyStore surveys;
    private final SurveyAnswers answers;

    public SurveyPageResource(SignedLinks links, SurveyStore surveys, SurveyAnswers answers) {
        this.links = links;
        this.surveys = surveys;
        this.answers = answers;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The survey answer page (signed link, no login)")
    @APIResponse(responseCode = "200", description = "The question")
    @APIResponse(responseCode = "400", description = "The link was altered or forged")
    @APIResponse(responseCode = "409", description = "Already answered")
    @APIResponse(responseCode = "410", description = "Expired or withdrawn")
    public Uni<RestResponse<TemplateInstance>> show(@RestPath String token,
            @RestHeader(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
        SignedLinks.Verification link = links.verify(LinksProducer.SURVEY_PURPOSE, token);
        UUID surveyId = surveyId(link);
        if (surveyId == null) {
            return Uni.createFrom().item(refused(link, null, acceptLanguage));
        }
        return surveys.find(surveyId).map(survey -> {
            if (!link.valid()) {
                return refused(link, survey, acceptLanguage);
            }
            Outcome refusal = SurveyAnswers.refusal(survey, Instant.now());
            if (refusal != null) {
                return outcomePage(refusal, survey, acceptLanguage);
            }
            return page(RestResponse.Status.OK, Templates.question(question(survey, null, null, null)));
        });
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Answer the survey (form post from the answer page)")
    @APIResponse(responseCode = "200", description = "Recorded: the thank-you page")
    @APIResponse(responseCode = "400", description = "The link was altered, or the form is incomplete (shown again)")
    @APIResponse(responseCode = "409", description = "Already answered: nothing recorded")
    @APIResponse(responseCode = "410", description = "Expired or withdrawn: nothing recorded")
    public Uni<RestResponse<TemplateInstance>> answer(@RestPath String token, MultivaluedMap<String, String> form,
            @RestHeader(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
        // The form arrives as a map read by a JAX-RS body reader, not through @RestForm: Vert.x's
        // form decoder fails outside the request on a malformed body ("%s%"), leaving the request
        // unanswered (found by the system bad-input sweep); the reader's failure is a 400.
        String score = form == null ? null : form.getFirst("score");
        String comment = form == null ? null : form.getFirst("comment");
        SignedLinks.Verification link = links.verify(LinksProducer.SURVEY_PURPOSE, token);
        UUID surveyId = surveyId(link);
        if (surveyId == null || !link.valid()) {
            return surveyId == null
                    ? Uni.createFrom().item(refused(link, null, acceptLanguage))
                    : surveys.find(surveyId).map(survey -> refused(link, survey, acceptLanguage));
        }
        return surveys.find(surveyId).chain(survey -> {
            Outcome refusal = SurveyAnswers.refusal(survey, Instant.now());
            if (refusal != null) {
                return Uni.createFrom().item(outcomePage(refusal, survey, acceptLanguage));
            }
            SurveyWording wording = SurveyWording.forLanguage(survey.language);
            SurveyKind kind = survey.surveyKind();
            Integer chosen = parseScore(score, kind);
            String text = comment == null ? null : comment.strip();
            if (chosen == null) {
                return Uni.createFrom().item(page(RestResponse.Status.BAD_REQUEST,
                        Templates.question(question(survey, null, text, wording.chooseScore()))));
            }
            if (text != null && text.length() > SurveyAnswers.MAX_COMMENT) {
                return Uni.createFrom().item(page(RestResponse.Status.BAD_REQUEST,
                        Templates.question(question(survey, chosen, text, wording.tooLong()))));
            }
            return Panache.withTransaction(() -> answers.record(surveyId, chosen, text, "link"))
                    .map(outcome -> outcomePage(outcome, survey, acceptLanguage));
        });
    }

    /** The survey id a link names, or null when the link is not ours (or names no survey). */
    private static UUID surveyId(SignedLinks.Verification link) {
        if (link.status() == SignedLinks.Status.TAMPERED) {
            return null;
        }
        try {
            return UUID.fromString(link.subject());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Integer parseScore(String value, SurveyKind kind) {
        if (value == null || !value.strip().matches("\\d{1,2}")) {
            return null;
        }
        int n = Integer.parseInt(value.strip());
        return kind.onScale(n) ? n : null;
    }

    private static QuestionPage question(Survey survey, Integer selected, String comment, String error) {
        SurveyWording w = SurveyWording.forLanguage(survey.language);
        SurveyKind kind = survey.surveyKind();
        return new QuestionPage(w.language(), w.question().get(kind), w.question().get(kind), kind.min(), kind.max(),
                w.lowLabel().get(kind), w.highLabel().get(kind), w.reasonLabel().get(kind), w.lowScoreHint(), w.submit(),
                IntStream.rangeClosed(kind.min(), kind.max()).boxed().toList(), selected, comment, error,
                SurveyAnswers.MAX_COMMENT);
    }

    private static RestResponse<TemplateInstance> refused(SignedLinks.Verification link, Survey survey,
            String acceptLanguage) {
        SurveyWording w = wording(survey, acceptLanguage);
        if (link.status() == SignedLinks.Status.EXPIRED) {
            return message(RestResponse.Status.GONE, new MessagePage(w.language(), w.expiredTitle(), w.expiredBody(), "expired"));
        }
        return message(RestResponse.Status.BAD_REQUEST,
                new MessagePage(w.language(), w.tamperedTitle(), w.tamperedBody(), "tampered"));
    }

    private static RestResponse<TemplateInstance> outcomePage(Outcome outcome, Survey survey, String acceptLanguage) {
        SurveyWording w = wording(survey, acceptLanguage);
        return switch (outcome) {
            case RECORDED -> message(RestResponse.Status.OK, new MessagePage(w.language(), w.thanksTitle(), w.thanksBody(), "thanks"));
            case ALREADY_ANSWERED -> message(RestResponse.Status.CONFLICT,
                    new MessagePage(w.language(), w.usedTitle(), w.usedBody(), "used"));
            case EXPIRED -> message(RestResponse.Status.GONE,
                    new MessagePage(w.language(), w.expiredTitle(), w.expiredBody(), "expired"));
            case CLOSED -> message(RestResponse.Status.GONE,
                    new MessagePage(w.language(), w.closedTitle(), w.closedBody(), "closed"));
        };
    }

    /** The survey's language when we know the survey, else the browser's first choice, else English. */
    private static SurveyWording wording(Survey survey, String acceptLanguage) {
        if (survey != null) {
            return SurveyWording.forLanguage(survey.language);
        }
        return SurveyWording.forLanguage(acceptLanguage == null ? null : acceptLanguage.split("[,;]", 2)[0]);
    }

    private static RestResponse<TemplateInstance> message(RestResponse.Status status, MessagePage page) {
        return page(status, Templates.message(page));
    }

    private static RestResponse<TemplateInstance> page(RestResponse.Status status, TemplateInstance body) {
        // The token is in the URL: no referrer may carry it away, no cache may keep the page.
        return RestResponse.ResponseBuilder.create(status, body)
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Robots-Tag", "noindex")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy",
                        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
                .build();
    }
}
