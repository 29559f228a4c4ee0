package io.outpost.ingest.domain;

import io.outpost.contracts.Channel;
import io.outpost.contracts.Visibility;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Rows of the public "Customer Support on Twitter" data set (twcs) as X posts: {@code tweet_id}
 * is the external id, {@code author_id} the author (its id and handle: brand rows carry the handle,
 * customer rows an anonymised number), {@code created_at} the post's time, {@code
 * in_response_to_tweet_id} the parent, and {@code inbound=False} marks the brand's own replies.
 */
public final class TwcsRows {

    /** The columns a twcs header must have ({@code response_tweet_id} is not needed: replies point up). */
    public static final List<String> REQUIRED = List.of("tweet_id", "author_id", "inbound", "created_at", "text",
            "in_response_to_tweet_id");

    /** X's classic timestamp: {@code Tue Oct 31 22:10:47 +0000 2017}. */
    private static final DateTimeFormatter CREATED_AT = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss xx yyyy",
            Locale.ENGLISH);
    private static final Pattern ID = Pattern.compile("[0-9]{1,30}");
    private static final Pattern FLOAT_ID = Pattern.compile("([0-9]{1,30})(\\.0+)?");
    static final int MAX_ID = 256;
    static final int MAX_TEXT = 25_000;

    private TwcsRows() {
    }

    public static boolean isTwcsHeader(List<String> header) {
        return header.containsAll(REQUIRED);
    }

    /**
     * One row as a post.
     *
     * @param columns the header's column positions
     * @throws InvalidLineException when the row is not a valid tweet
     */
    public static IncomingPost toPost(Map<String, Integer> columns, List<String> fields) {
        if (fields.size() != columns.size()) {
            throw new InvalidLineException("expected " + columns.size() + " fields, got " + fields.size());
        }
        String tweetId = fields.get(columns.get("tweet_id")).strip();
        if (!ID.matcher(tweetId).matches()) {
            throw new InvalidLineException("tweet_id must be a number, got '" + abbreviate(tweetId) + "'");
        }
        String author = fields.get(columns.get("author_id")).strip();
        if (author.isEmpty() || author.length() > MAX_ID) {
            throw new InvalidLineException("author_id must be 1 to " + MAX_ID + " characters");
        }
        boolean inbound = parseInbound(fields.get(columns.get("inbound")));
        Instant createdAt = parseCreatedAt(fields.get(columns.get("created_at")));
        String text = fields.get(columns.get("text"));
        if (text.length() > MAX_TEXT) {
            throw new InvalidLineException("text is longer than " + MAX_TEXT + " characters");
        }
        String parent = parentId(fields.get(columns.get("in_response_to_tweet_id")));
        if (tweetId.equals(parent)) {
            throw new InvalidLineException("a tweet cannot answer itself (in_response_to_tweet_id equals tweet_id)");
        }
        return new IncomingPost(Channel.X, tweetId, author, author, null, text, createdAt, parent, null,
                Visibility.PUBLIC, !inbound);
    }

    /** {@code Tue Oct 31 22:10:47 +0000 2017}. */
    public static Instant parseCreatedAt(String value) {
        try {
            return ZonedDateTime.parse(value.strip(), CREATED_AT).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidLineException("created_at must look like 'Tue Oct 31 22:10:47 +0000 2017', got '"
                    + abbreviate(value) + "'");
        }
    }

    /** The parent tweet's id: {@code 12.0} (the data set's float-looking ids) is {@code 12}; empty is none. */
    public static String parentId(String value) {
        String v = value.strip();
        if (v.isEmpty()) {
            return null;
        }
        var m = FLOAT_ID.matcher(v);
        if (!m.matches()) {
            throw new InvalidLineException("in_response_to_tweet_id must be a tweet id, got '" + abbreviate(v) + "'");
        }
        return m.group(1);
    }

    static boolean parseInbound(String value) {
        String v = value.strip();
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw new InvalidLineException("inbound must be True or False, got '" + abbreviate(v) + "'");
    }

    static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
