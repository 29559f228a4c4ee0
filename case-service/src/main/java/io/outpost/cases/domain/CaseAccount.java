package io.outpost.cases.domain;

/**
 * Which of our channel accounts a case answers from: the account the customer wrote to (the platform
 * id of our X account, Facebook page or Instagram account that ingest-service names in
 * {@code post.ingested.accountId}). Every message case-service sends for the case names it in
 * {@code outbound.requested.accountId}; null means the channel's default account, as before accounts
 * were known (imports and the generic API name none).
 *
 * <ol>
 *   <li>A case opened by a post keeps that post's account.</li>
 *   <li>A case without one takes the account of the first later customer post of its conversation
 *       that names one (a case opened by an import, then answered by the customer on the platform).</li>
 *   <li>A case keeps its account for life: a later post addressed to a <em>different</em> account
 *       joins the case as threading says but does not move it. The customer began the conversation
 *       with that account and sees our answers in its thread; answering from another handle midway
 *       would split the conversation between two of our accounts. Such a post is usually the customer
 *       copying in a second handle of ours, delivered through that handle's subscription. The post
 *       keeps the account it was addressed to, so the detail shows it.</li>
 *   <li>Only customer posts that count move it: our own posts (echoes of replies that went out from
 *       the default account, posts typed on the platform) and hidden noise (bots and spam mentioning
 *       any handle) never do. An un-hidden post then counts like one that arrived.</li>
 *   <li>A merge keeps the surviving case's account, and takes the merged one's when it had none.</li>
 * </ol>
 */
public final class CaseAccount {

    private CaseAccount() {
    }

    /** What a post did to the case's account. */
    public enum Change {
        /** Nothing to change: no account named, the same one, or not a customer post that counts. */
        NONE,
        /** The case had no account and takes the post's. */
        TAKEN,
        /** The post names another account than the case's: the case keeps its own. */
        KEPT_OVER_ANOTHER
    }

    /** The case's account after a post, and what happened. */
    public record Outcome(String accountId, Change change) {
    }

    /** The account a case opened by a post keeps: the post's; blank or absent is none (the default). */
    public static String opening(String postAccountId) {
        return normalize(postAccountId);
    }

    /**
     * The case's account once a post joined it.
     *
     * @param caseAccountId   the case's account, null when it has none
     * @param postAccountId   the account the post was addressed to, null when its delivery named none
     * @param customerMessage a customer's post that drives the case (not our own, not hidden noise, not
     *                        a survey answer)
     */
    public static Outcome joining(String caseAccountId, String postAccountId, boolean customerMessage) {
        String current = normalize(caseAccountId);
        String named = normalize(postAccountId);
        if (!customerMessage || named == null || named.equals(current)) {
            return new Outcome(current, Change.NONE);
        }
        if (current == null) {
            return new Outcome(named, Change.TAKEN);
        }
        return new Outcome(current, Change.KEPT_OVER_ANOTHER);
    }

    /** The surviving case's account after a merge: its own, else the merged case's. */
    public static String merged(String targetAccountId, String sourceAccountId) {
        String target = normalize(targetAccountId);
        return target != null ? target : normalize(sourceAccountId);
    }

    /** An account id as stored: trimmed, blank is none. */
    public static String normalize(String accountId) {
        return accountId == null || accountId.isBlank() ? null : accountId.strip();
    }
}
