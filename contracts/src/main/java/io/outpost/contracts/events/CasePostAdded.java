package io.outpost.contracts.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import io.outpost.contracts.Visibility;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * Something joined a case's conversation, so that a console can show it live: a customer's post, a post
 * our account made on the platform, our reply, or a change of a reply's delivery state. Topic
 * {@code outpost.cases}, key: the case id, so one case's events stay in order.
 * <p>
 * Ids and kinds only, never the text or the customer's handle: a Kafka record cannot be erased, and a
 * console reads the conversation from case-service by case id (as its access rules allow).
 *
 * @param caseId     the case
 * @param kind       customer-post, own-post (our account on the platform, outside Outpost), reply (requested
 *                   through the API) or reply-delivery (a reply's delivery state changed)
 * @param postId     the post (customer-post, own-post); absent for replies
 * @param replyId    the reply (reply, reply-delivery); absent for posts
 * @param visibility public or private
 * @param delivery   a reply's delivery state after the change: requested, delivered, failed or confirmed (its
 *                   echo came back from the platform); absent for posts
 * @param occurredAt the post's platform time, the reply's request time, or when the delivery state changed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CasePostAdded(
        UUID caseId,
        Kind kind,
        UUID postId,
        UUID replyId,
        Visibility visibility,
        String delivery,
        Instant occurredAt) {

    public enum Kind {
        CUSTOMER_POST, OWN_POST, REPLY, REPLY_DELIVERY;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        @JsonCreator
        public static Kind fromWire(String value) {
            return Kind.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }
}
