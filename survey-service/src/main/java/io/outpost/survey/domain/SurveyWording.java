package io.outpost.survey.domain;

import io.outpost.contracts.surveys.SurveyKind;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What a survey says, in one language: the invitation sent as a DM, the answer page and its
 * error pages. English and Spanish are written; any other language falls back to English
 * ({@link #forLanguage}). Adding a language is adding one constant to {@link #ALL}.
 *
 * @param language       ISO 639-1 code, also the page's {@code lang}
 * @param invitation     per kind: the DM text; {@code {link}} is replaced by the answer link
 * @param question       per kind: the question on the page
 * @param lowLabel       per kind: what the lowest score means
 * @param highLabel      per kind: what the highest score means
 * @param reasonLabel    per kind: the label of the free-text reason
 * @param lowScoreHint   shown next to the reason: it matters most after a low score
 * @param submit         the button
 * @param chooseScore    the error when no score (or one off the scale) was sent
 * @param tooLong        the error when the reason is longer than allowed
 * @param thanksTitle    after answering
 * @param thanksBody     after answering
 * @param tamperedTitle  the link is not one we issued (or was altered)
 * @param tamperedBody   what to do about it
 * @param expiredTitle   the answer window closed
 * @param expiredBody    what it means
 * @param usedTitle      the survey was already answered
 * @param usedBody       what it means
 * @param closedTitle    the survey was withdrawn (reopened case, consent withdrawn, erased)
 * @param closedBody     what it means
 */
public record SurveyWording(String language, Map<SurveyKind, String> invitation, Map<SurveyKind, String> question,
        Map<SurveyKind, String> lowLabel, Map<SurveyKind, String> highLabel, Map<SurveyKind, String> reasonLabel,
        String lowScoreHint, String submit, String chooseScore, String tooLong, String thanksTitle, String thanksBody,
        String tamperedTitle, String tamperedBody, String expiredTitle, String expiredBody, String usedTitle,
        String usedBody, String closedTitle, String closedBody) {

    public static final SurveyWording ENGLISH = new SurveyWording("en",
            Map.of(SurveyKind.NPS, "Thanks for getting in touch. How likely are you to recommend us to a friend, from 0 to 10? "
                            + "Reply with a number or answer here: {link}",
                    SurveyKind.CSAT, "Thanks for getting in touch. How satisfied are you with the help you got, from 1 to 5? "
                            + "Reply with a number or answer here: {link}",
                    SurveyKind.CES, "Thanks for getting in touch. How easy was it to get your issue solved, from 1 (very hard) "
                            + "to 7 (very easy)? Reply with a number or answer here: {link}"),
            Map.of(SurveyKind.NPS, "How likely are you to recommend us to a friend or colleague?",
                    SurveyKind.CSAT, "How satisfied are you with the help you received?",
                    SurveyKind.CES, "How easy was it to get your issue solved?"),
            Map.of(SurveyKind.NPS, "not at all likely", SurveyKind.CSAT, "very dissatisfied", SurveyKind.CES, "very difficult"),
            Map.of(SurveyKind.NPS, "extremely likely", SurveyKind.CSAT, "very satisfied", SurveyKind.CES, "very easy"),
            Map.of(SurveyKind.NPS, "What is the main reason for your score?",
                    SurveyKind.CSAT, "What could we have done better?",
                    SurveyKind.CES, "What made it easy or hard?"),
            "Optional. If your score is low, telling us why helps us most.",
            "Send my answer",
            "Please choose a score.",
            "Please keep your comment under 2000 characters.",
            "Thank you!",
            "Your answer was recorded. We read every one.",
            "This link does not work",
            "The survey link is incomplete or was changed. Please open the link exactly as you received it.",
            "This survey has closed",
            "The time to answer this survey has passed. Thank you all the same.",
            "You already answered",
            "This survey was answered already, and each survey takes one answer. Thank you!",
            "This survey is no longer open",
            "This survey was withdrawn, so there is nothing to answer.");

    public static final SurveyWording SPANISH = new SurveyWording("es",
            Map.of(SurveyKind.NPS, "Gracias por escribirnos. ¿Qué probabilidad hay de que nos recomiende a un amigo, del 0 al 10? "
                            + "Responda con un número o aquí: {link}",
                    SurveyKind.CSAT, "Gracias por escribirnos. ¿Qué tan satisfecho está con la ayuda recibida, del 1 al 5? "
                            + "Responda con un número o aquí: {link}",
                    SurveyKind.CES, "Gracias por escribirnos. ¿Qué tan fácil fue resolver su problema, del 1 (muy difícil) "
                            + "al 7 (muy fácil)? Responda con un número o aquí: {link}"),
            Map.of(SurveyKind.NPS, "¿Qué probabilidad hay de que nos recomiende a un amigo o colega?",
                    SurveyKind.CSAT, "¿Qué tan satisfecho está con la ayuda que recibió?",
                    SurveyKind.CES, "¿Qué tan fácil fue resolver su problema?"),
            Map.of(SurveyKind.NPS, "nada probable", SurveyKind.CSAT, "muy insatisfecho", SurveyKind.CES, "muy difícil"),
            Map.of(SurveyKind.NPS, "muy probable", SurveyKind.CSAT, "muy satisfecho", SurveyKind.CES, "muy fácil"),
            Map.of(SurveyKind.NPS, "¿Cuál es el motivo principal de su puntuación?",
                    SurveyKind.CSAT, "¿Qué podríamos haber hecho mejor?",
                    SurveyKind.CES, "¿Qué lo hizo fácil o difícil?"),
            "Opcional. Si su puntuación es baja, saber por qué es lo que más nos ayuda.",
            "Enviar mi respuesta",
            "Elija una puntuación.",
            "El comentario debe tener menos de 2000 caracteres.",
            "¡Gracias!",
            "Hemos registrado su respuesta. Las leemos todas.",
            "Este enlace no funciona",
            "El enlace de la encuesta está incompleto o fue modificado. Ábralo tal como lo recibió.",
            "Esta encuesta ha cerrado",
            "El plazo para responder a esta encuesta ha terminado. Gracias de todos modos.",
            "Ya respondió",
            "Esta encuesta ya fue respondida y cada encuesta admite una sola respuesta. ¡Gracias!",
            "Esta encuesta ya no está abierta",
            "Esta encuesta fue retirada, así que no hay nada que responder.");

    private static final Map<String, SurveyWording> ALL = Map.of("en", ENGLISH, "es", SPANISH);

    public SurveyWording {
        Objects.requireNonNull(language, "language");
        for (Map<SurveyKind, String> perKind : java.util.List.of(invitation, question, lowLabel, highLabel, reasonLabel)) {
            if (perKind.size() != SurveyKind.values().length) {
                throw new IllegalArgumentException("wording '" + language + "' lacks a text for a survey kind");
            }
        }
    }

    /** The wording of an ISO 639-1 language ({@code es}, {@code es-MX}, {@code ES}); English when unknown or null. */
    public static SurveyWording forLanguage(String language) {
        if (language == null) {
            return ENGLISH;
        }
        String primary = language.strip().toLowerCase(Locale.ROOT).split("[-_]", 2)[0];
        return ALL.getOrDefault(primary, ENGLISH);
    }

    /** The invitation DM for a survey of {@code kind} with its answer link. */
    public String invitationText(SurveyKind kind, String link) {
        return invitation.get(kind).replace("{link}", link);
    }
}
