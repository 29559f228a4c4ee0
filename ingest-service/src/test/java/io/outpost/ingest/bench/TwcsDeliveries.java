package io.outpost.ingest.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.outpost.ingest.domain.CsvFields;
import io.outpost.ingest.domain.ImportRecords;
import io.outpost.ingest.domain.IncomingPost;
import io.outpost.ingest.domain.InvalidLineException;
import io.outpost.ingest.domain.WebhookSignatures;
import io.outpost.ingest.store.Importer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Signed X Account Activity deliveries made from the real customer tweets of twcs-dev.csv: one
 * {@code tweet_create_events} item per delivery, with the tweet's text, author, time and reply
 * target, and ids made unique per send so that every delivery is a new post (the service drops
 * repeats). Each cycle through the file gives the authors a new id too, so the bot-repeat rule
 * sees what it would see in real traffic (real authors, not one author sending a text 10 times).
 */
final class TwcsDeliveries {

    static final DateTimeFormatter X_TIME = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss Z yyyy", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    /** One delivery: the external id the post will carry, the body as sent and its signature. */
    record Delivery(String externalId, byte[] body, String signature) {
    }

    private final List<IncomingPost> tweets;
    private final String secret;
    private final ObjectMapper mapper = new ObjectMapper();

    private TwcsDeliveries(List<IncomingPost> tweets, String secret) {
        this.tweets = tweets;
        this.secret = secret;
    }

    /** The customer (inbound) tweets of the file. */
    static TwcsDeliveries load(Path csv, String consumerSecret) {
        List<IncomingPost> tweets = new ArrayList<>();
        try (InputStream in = Files.newInputStream(csv)) {
            ImportRecords records = new ImportRecords(in, 0, 0, true, 1 << 20);
            Map<String, Integer> columns = Importer.columns(CsvFields.parse(records.next().text()));
            for (ImportRecords.Record record = records.next(); record != null; record = records.next()) {
                try {
                    IncomingPost post = io.outpost.ingest.domain.TwcsRows.toPost(columns, CsvFields.parse(record.text()));
                    if (!post.fromOwnAccount()) {
                        tweets.add(post);
                    }
                } catch (InvalidLineException e) {
                    // a row the import would reject as well: not a tweet to replay
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (tweets.isEmpty()) {
            throw new IllegalStateException("no customer tweets in " + csv);
        }
        return new TwcsDeliveries(tweets, consumerSecret);
    }

    int size() {
        return tweets.size();
    }

    /**
     * The {@code sequence}-th delivery of a run: tweet {@code sequence % size}, ids prefixed with the
     * run (digits, as X's ids are).
     */
    Delivery delivery(String run, long sequence) {
        IncomingPost tweet = tweets.get((int) (sequence % tweets.size()));
        long cycle = sequence / tweets.size();
        String id = run + String.format("%09d", sequence);
        ObjectNode root = mapper.createObjectNode();
        root.put("for_user_id", "9" + run);
        ObjectNode event = root.putArray("tweet_create_events").addObject();
        event.put("created_at", X_TIME.format(tweet.createdAt()));
        event.put("id_str", id);
        event.put("text", tweet.text());
        event.put("truncated", false);
        if (tweet.inReplyToExternalId() != null) {
            event.put("in_reply_to_status_id_str", run + tweet.inReplyToExternalId());
        }
        ObjectNode user = event.putObject("user");
        user.put("id_str", tweet.authorPlatformId() + "0" + run + cycle);
        user.put("screen_name", tweet.authorHandle() == null ? "user" + tweet.authorPlatformId() : tweet.authorHandle());
        user.put("name", "Customer " + tweet.authorPlatformId());
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Delivery(id, body, WebhookSignatures.xSignature(secret, body));
    }

    static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }
}
