package io.outpost.ingest.store;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.outpost.ingest.api.NewPost;
import io.outpost.ingest.domain.IncomingPost;
import io.outpost.ingest.domain.InvalidLineException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Import lines in the shape of {@code POST /api/v1/posts} (an NDJSON line, or a CSV row whose
 * header names that shape's fields) as posts, checked exactly as that endpoint checks them.
 */
@ApplicationScoped
public class ImportLines {

    /** The CSV columns of the post shape; the first five are required. */
    public static final List<String> POST_COLUMNS = List.of("channel", "externalId", "author.platformUserId", "text",
            "createdAt", "author.handle", "author.displayName", "inReplyToExternalId", "threadId", "visibility");
    /** As on the post API: a post further in the future is a caller's mistake. */
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    private final ObjectMapper mapper;
    private final ObjectReader reader;
    private final Validator validator;

    public ImportLines(ObjectMapper mapper, Validator validator) {
        this.mapper = mapper;
        this.reader = mapper.readerFor(NewPost.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.validator = validator;
    }

    public static boolean isPostHeader(List<String> header) {
        return header.containsAll(POST_COLUMNS.subList(0, 5));
    }

    /** One NDJSON line. */
    public IncomingPost ndjson(String line) {
        NewPost post;
        try {
            post = reader.readValue(line);
        } catch (JacksonException e) {
            throw new InvalidLineException("not a post in JSON: " + abbreviate(e.getOriginalMessage()));
        }
        return toIncoming(post);
    }

    /** One CSV row of the post shape; empty cells are absent fields. */
    public IncomingPost csv(Map<String, Integer> columns, List<String> fields) {
        if (fields.size() != columns.size()) {
            throw new InvalidLineException("expected " + columns.size() + " fields, got " + fields.size());
        }
        ObjectNode root = mapper.createObjectNode();
        ObjectNode author = root.putObject("author");
        columns.forEach((column, index) -> {
            String value = fields.get(index);
            if (value.isEmpty() || !POST_COLUMNS.contains(column)) {
                return;
            }
            if (column.startsWith("author.")) {
                author.put(column.substring("author.".length()), value);
            } else {
                root.put(column, value);
            }
        });
        NewPost post;
        try {
            post = mapper.treeToValue(root, NewPost.class);
        } catch (JacksonException e) {
            throw new InvalidLineException("not a post: " + abbreviate(e.getOriginalMessage()));
        }
        return toIncoming(post);
    }

    IncomingPost toIncoming(NewPost post) {
        if (post == null) {
            throw new InvalidLineException("not a post: null");
        }
        Set<ConstraintViolation<NewPost>> violations = validator.validate(post);
        if (!violations.isEmpty()) {
            throw new InvalidLineException(violations.stream()
                    .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                    .map(v -> v.getPropertyPath() + " " + v.getMessage())
                    .collect(Collectors.joining("; ")));
        }
        if (post.createdAt().isAfter(Instant.now().plus(MAX_CLOCK_SKEW))) {
            throw new InvalidLineException("createdAt " + post.createdAt() + " is in the future");
        }
        if (post.inReplyToExternalId() != null && post.inReplyToExternalId().equals(post.externalId())) {
            throw new InvalidLineException("a post cannot answer itself (inReplyToExternalId equals externalId)");
        }
        return new IncomingPost(post.channel(), post.externalId().trim(), post.author().platformUserId().trim(),
                post.author().handle(), post.author().displayName(), post.text(), post.createdAt(),
                post.inReplyToExternalId(), post.threadId(), post.visibility(), false);
    }

    private static String abbreviate(String message) {
        String m = message == null ? "" : message.replaceAll("\\s+", " ");
        return m.length() <= 200 ? m : m.substring(0, 200) + "…";
    }
}
