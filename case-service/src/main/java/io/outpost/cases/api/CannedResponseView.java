package io.outpost.cases.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.outpost.cases.domain.CannedResponse;
import io.outpost.cases.domain.CannedText;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The API's views of canned responses. */
public final class CannedResponseView {

    private CannedResponseView() {
    }

    @Schema(description = "A canned response to save. title (1..200 characters) and text (1..10000 characters, "
            + "placeholders {{customer.handle}}, {{customer.name}}, {{agent.name}}, {{case.id}}, {{brand.account}}) "
            + "required; team (1..100 characters; absent: global, for every team), channel (absent: any), language "
            + "(ISO 639-1) and tags (at most 20, 1..50 characters each) optional. An update must carry the version "
            + "it read.")
    public record Request(String team, String title, String text, String channel, String language, List<String> tags,
            @Schema(description = "Update only: the version read (a stale one is a 409)", nullable = true) Long version) {
    }

    @Schema(description = "A canned response")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Response(
            UUID id,
            @Schema(description = "The care team it belongs to; null: global", nullable = true) String team,
            String title,
            @Schema(description = "With its placeholders") String text,
            @Schema(description = "The placeholders the text uses, each once") List<String> placeholders,
            @Schema(description = "The only channel it is for; null: any", nullable = true) String channel,
            @Schema(nullable = true) String language,
            List<String> tags,
            String createdBy,
            Instant createdAt,
            String updatedBy,
            Instant updatedAt,
            @Schema(description = "Send it back with an update") long version) {
    }

    @Schema(description = "A page of canned responses")
    public record Page(
            List<Response> items,
            @Schema(description = "Pass as cursor to get the next page; null on the last page") String nextCursor) {
    }

    @Schema(description = "A canned response filled in for a case, checked as a reply with this text would be")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Rendered(
            UUID cannedResponseId,
            long version,
            UUID caseId,
            @Schema(description = "The visibility the check assumed: the request's, else the case's") String visibility,
            @Schema(description = "The text with its placeholders filled in, no signature: what the agent edits and "
                    + "sends through POST /api/v1/cases/{id}/replies") String text,
            @Schema(description = "Placeholders the case has no value for; they were rendered as empty text")
                    List<String> missing,
            @Schema(description = "What sending the text as a reply would do (as POST .../replies/check answers)")
                    ReplyView.Check check) {
    }

    static Response of(CannedResponse r) {
        return new Response(r.id, r.team, r.title, r.text, CannedText.placeholders(r.text), r.channel, r.language,
                List.of(r.tags), r.createdBy, r.createdAt, r.updatedBy, r.updatedAt, r.version);
    }
}
