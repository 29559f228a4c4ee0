package io.outpost.cases.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Where a new post goes. The store looks up the candidates; this class decides, so the rules are
 * plain Java and tested without a database.
 *
 * <ol>
 *   <li>A post filed before (same channel and external id) is ignored: a redelivery.</li>
 *   <li>Our own account's post whose external id is the platform message id of one of our replies is
 *       that reply's echo: it confirms the reply's delivery, on the reply's case whatever case its
 *       conversation has. It is not an agent post of its own and never a second response.</li>
 *   <li>Our own account's post whose external id is the platform message id of another message Outpost
 *       sent (a survey invitation, a consent request: {@link OwnMessage}) is that message's echo: filed,
 *       marked, where it would have joined (rules 5 to 7), else not recorded. It is no response: the
 *       customer was not answered by it.</li>
 *   <li>A customer's DM that answers an outstanding survey ({@link SurveyReplies}) is filed on the
 *       survey's case as the survey's answer, whatever case its conversation has: it is not a
 *       message for a case (survey-service records it as the answer).</li>
 *   <li>A reply to a post that sits in a case that still accepts posts joins that case: the reply
 *       chain is the strongest evidence of a conversation.</li>
 *   <li>Else a post whose conversation (ingest-service's conversation key: thread id, or root post)
 *       has a case that still accepts posts joins it.</li>
 *   <li>A resolved case takes a customer's post only within the reopen window after its
 *       resolution (the post then reopens it); our own echoes always join it. A later customer post
 *       passes it by (and opens a new case).</li>
 *   <li>Else a customer's private message (a DM, a Messenger message) continues the same customer's
 *       public case with the same account of ours ({@link PrivateContinuation}): the care team's
 *       core flow is to start in public, move to private for account details and close in public,
 *       and that is one conversation, not two cases.</li>
 *   <li>Else our own account's post (a reply typed on the platform, outside Outpost) is not recorded: it
 *       belongs to no customer's case, and our own posts never open one.</li>
 *   <li>Else the post opens a new case.</li>
 * </ol>
 */
public final class Threading {

    private Threading() {
    }

    /** A case that might take the post; {@code resolvedAt} is set while it is resolved. */
    public record Candidate(UUID caseId, CaseStatus status, Instant resolvedAt) {
        public Candidate(UUID caseId, CaseStatus status) {
            this(caseId, status, null);
        }

        /** Whether the post may join: not closed, and a customer post on a resolved case within the window. */
        boolean takes(boolean fromOwnAccount, Instant postedAt, Duration reopenWindow) {
            if (!status.acceptsPosts()) {
                return false;
            }
            if (status != CaseStatus.RESOLVED || fromOwnAccount || resolvedAt == null || postedAt == null
                    || reopenWindow == null) {
                return true;
            }
            return !postedAt.isAfter(resolvedAt.plus(reopenWindow));
        }
    }

    /** What to do with the post. */
    public sealed interface Decision permits Join, Open, Skip, FileAsSurveyAnswer, ConfirmReply, ContinueInPrivate,
            FileAsOwnMessage {
    }

    /**
     * File the customer's private message into their public case (as {@link Join} does) and make its
     * private thread a conversation of that case, so the thread's later posts, ours included, find it.
     */
    public record ContinueInPrivate(UUID caseId) implements Decision {
    }

    /**
     * File the post into an existing case; {@code agentReply} when our own account wrote it (a reply
     * typed on the platform, outside Outpost: a response by the brand).
     */
    public record Join(UUID caseId, boolean agentReply) implements Decision {
    }

    /** Open a new case with the post as its first post. */
    public record Open() implements Decision {
    }

    /**
     * File the post on the survey's case as the customer's answer to that survey: shown on the
     * timeline, with no effect on the case (no reopening, no SLA turn).
     */
    public record FileAsSurveyAnswer(UUID caseId, UUID surveyId) implements Decision {
    }

    /** Our reply whose platform message id the post carries. */
    public record EchoedReply(UUID replyId, UUID caseId) {
    }

    /**
     * File the post on the reply's case as the reply's echo: the reply is confirmed delivered; the post
     * is no agent post and no response of its own.
     */
    public record ConfirmReply(UUID caseId, UUID replyId) implements Decision {
    }

    /**
     * File the post on the case as the echo of {@code messageId}, a message Outpost sent that is no case
     * reply: kept so that a redelivery is "already filed", no response, no customer message, and the case
     * row is not touched.
     */
    public record FileAsOwnMessage(UUID caseId, UUID messageId) implements Decision {
    }

    /** Record nothing. */
    public record Skip(String reason) implements Decision {
    }

    /**
     * What the store found about a new post, the facts {@link #decide} goes by. Start with {@link #of} and add
     * what the store looked up; what is not added is null (none).
     *
     * @param alreadyFiled        the post is already in a case
     * @param fromOwnAccount      our own brand account wrote it
     * @param parentCase          the case of the post it answers, or null
     * @param conversationCase    the newest case of its conversation, or null
     * @param postedAt            the post's platform time
     * @param reopenWindow        how long after its resolution a customer post still reopens a case (null: always)
     * @param surveyAnswer        the survey the post answers ({@link SurveyReplies#answer}), or null
     * @param echoed              our reply whose platform message id is the post's external id, or null
     * @param ownMessageId        the message of ours that is no reply ({@link OwnMessage}) whose platform message
     *                            id is the post's external id, or null
     * @param publicCase          for a customer's private message only: the newest public case of the same
     *                            customer with the same account of ours ({@link PrivateContinuation#lookFor}),
     *                            or null
     * @param continuationWindow  how long after its resolution a public case is still continued in private
     */
    public record Facts(boolean alreadyFiled, boolean fromOwnAccount, Candidate parentCase, Candidate conversationCase,
            Instant postedAt, Duration reopenWindow, SurveyReplies.Answer surveyAnswer, EchoedReply echoed,
            UUID ownMessageId, Candidate publicCase, Duration continuationWindow) {

        /** A post and the cases the threading looks at first: its parent's and its conversation's. */
        public static Facts of(boolean alreadyFiled, boolean fromOwnAccount, Candidate parentCase,
                Candidate conversationCase) {
            return new Facts(alreadyFiled, fromOwnAccount, parentCase, conversationCase, null, null, null, null, null,
                    null, null);
        }

        /** The post's platform time, and the window after a resolution in which a customer post reopens. */
        public Facts postedAt(Instant at, Duration window) {
            return new Facts(alreadyFiled, fromOwnAccount, parentCase, conversationCase, at, window, surveyAnswer,
                    echoed, ownMessageId, publicCase, continuationWindow);
        }

        public Facts surveyAnswer(SurveyReplies.Answer answer) {
            return new Facts(alreadyFiled, fromOwnAccount, parentCase, conversationCase, postedAt, reopenWindow, answer,
                    echoed, ownMessageId, publicCase, continuationWindow);
        }

        public Facts echoed(EchoedReply reply) {
            return new Facts(alreadyFiled, fromOwnAccount, parentCase, conversationCase, postedAt, reopenWindow,
                    surveyAnswer, reply, ownMessageId, publicCase, continuationWindow);
        }

        public Facts ownMessage(UUID messageId) {
            return new Facts(alreadyFiled, fromOwnAccount, parentCase, conversationCase, postedAt, reopenWindow,
                    surveyAnswer, echoed, messageId, publicCase, continuationWindow);
        }

        /** The customer's public case a private message may continue, and for how long after its resolution. */
        public Facts publicCase(Candidate candidate, Duration window) {
            return new Facts(alreadyFiled, fromOwnAccount, parentCase, conversationCase, postedAt, reopenWindow,
                    surveyAnswer, echoed, ownMessageId, candidate, window);
        }
    }

    /** Where the post goes, by the rules above. */
    public static Decision decide(Facts f) {
        if (f.alreadyFiled()) {
            return new Skip("already filed");
        }
        if (f.echoed() != null && f.fromOwnAccount()) {
            return new ConfirmReply(f.echoed().caseId(), f.echoed().replyId());
        }
        if (f.ownMessageId() != null && f.fromOwnAccount()) {
            // Where it would have joined, so that an echo before its report (filed there as our post, then
            // marked by the report) and one after it end the same.
            Candidate into = joins(f);
            return into == null ? new Skip("echo of our own message outside any open case")
                    : new FileAsOwnMessage(into.caseId(), f.ownMessageId());
        }
        if (f.surveyAnswer() != null && !f.fromOwnAccount()) {
            return new FileAsSurveyAnswer(f.surveyAnswer().caseId(), f.surveyAnswer().surveyId());
        }
        Candidate joined = joins(f);
        if (joined != null) {
            return new Join(joined.caseId(), f.fromOwnAccount());
        }
        if (f.publicCase() != null && !f.fromOwnAccount()
                && f.publicCase().takes(false, f.postedAt(), f.continuationWindow())) {
            return new ContinueInPrivate(f.publicCase().caseId());
        }
        if (f.fromOwnAccount()) {
            return new Skip("our own post outside any open case");
        }
        return new Open();
    }

    /** The case the post joins: its parent's if that takes it (the reply chain first), else its conversation's. */
    private static Candidate joins(Facts f) {
        if (f.parentCase() != null && f.parentCase().takes(f.fromOwnAccount(), f.postedAt(), f.reopenWindow())) {
            return f.parentCase();
        }
        if (f.conversationCase() != null && f.conversationCase().takes(f.fromOwnAccount(), f.postedAt(), f.reopenWindow())) {
            return f.conversationCase();
        }
        return null;
    }
}
