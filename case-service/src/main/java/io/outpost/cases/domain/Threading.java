package io.outpost.cases.domain;

import java.util.UUID;

/**
 * Where a new post goes. The store looks up the candidates; this class decides, so the rules are
 * plain Java and tested without a database.
 *
 * <ol>
 *   <li>A post filed before (same channel and external id) is ignored: a redelivery.</li>
 *   <li>A reply to a post that sits in a case that still accepts posts joins that case: the reply
 *       chain is the strongest evidence of a conversation.</li>
 *   <li>Else a post whose conversation (ingest-service's conversation key: thread id, or root post)
 *       has a case that still accepts posts joins it.</li>
 *   <li>Else our own account's post (an echo of a reply made on the platform) is not recorded: it
 *       belongs to no customer's case, and our own posts never open one.</li>
 *   <li>Else the post opens a new case.</li>
 * </ol>
 */
public final class Threading {

    private Threading() {
    }

    /** A case that might take the post. */
    public record Candidate(UUID caseId, CaseStatus status) {
    }

    /** What to do with the post. */
    public sealed interface Decision permits Join, Open, Skip {
    }

    /** File the post into an existing case; {@code agentReply} when our own account wrote it. */
    public record Join(UUID caseId, boolean agentReply) implements Decision {
    }

    /** Open a new case with the post as its first post. */
    public record Open() implements Decision {
    }

    /** Record nothing. */
    public record Skip(String reason) implements Decision {
    }

    /**
     * @param alreadyFiled      the post is already in a case
     * @param fromOwnAccount    our own brand account wrote it
     * @param parentCase        the case of the post it answers, or null
     * @param conversationCase  the newest case of its conversation, or null
     */
    public static Decision decide(boolean alreadyFiled, boolean fromOwnAccount, Candidate parentCase,
            Candidate conversationCase) {
        if (alreadyFiled) {
            return new Skip("already filed");
        }
        if (parentCase != null && parentCase.status().acceptsPosts()) {
            return new Join(parentCase.caseId(), fromOwnAccount);
        }
        if (conversationCase != null && conversationCase.status().acceptsPosts()) {
            return new Join(conversationCase.caseId(), fromOwnAccount);
        }
        if (fromOwnAccount) {
            return new Skip("our own post outside any open case");
        }
        return new Open();
    }
}
