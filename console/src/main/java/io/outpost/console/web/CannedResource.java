package io.outpost.console.web;

import static io.outpost.console.web.ServiceNames.CASES;

import io.outpost.console.api.SupervisionCaseApi;
import io.outpost.console.api.SupervisionViews;
import io.outpost.console.domain.CannedInput;
import io.outpost.console.domain.InboxFilter;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Canned responses management (supervisors, admins: case-service's create, change and delete allow both):
 * the list, a form to create or change one, delete. case-service checks the fields and the placeholders; its
 * 400's message is shown on the form with what was typed, so the rules live in one place.
 */
@Path("/canned-responses")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({ "supervisor", "admin" })
public class CannedResource {

    /** case-service's largest page; more are reached with "next". */
    static final int LIST_LIMIT = 200;

    @Inject
    Me me;
    @Inject
    Csrf csrf;
    @RestClient
    SupervisionCaseApi cases;

    @Inject
    @Location("canned-responses.html")
    Template page;
    @Inject
    @Location("canned-list.html")
    Template list;
    @Inject
    @Location("canned-editor.html")
    Template editor;
    @Inject
    @Location("message.html")
    Template message;

    /** The form's values: empty for a new one, the response read for a change, what was typed after a refusal. */
    @TemplateData
    public record Form(String id, String team, String title, String text, String channel, String language, String tags,
            String version) {

        static final Form EMPTY = new Form("", "", "", "", "", "", "", "");

        static Form of(SupervisionViews.Canned c) {
            return new Form(String.valueOf(c.id()), nz(c.team()), nz(c.title()), nz(c.text()), nz(c.channel()),
                    nz(c.language()), c.tags() == null ? "" : String.join(", ", c.tags()), String.valueOf(c.version()));
        }

        static Form of(String id, CannedInput in, String version) {
            return new Form(nz(id), nz(in.team()), in.title(), in.text(), nz(in.channel()), nz(in.language()), in.tagText(),
                    nz(version));
        }

        public boolean editing() {
            return !id.isEmpty();
        }
    }

    @TemplateData
    public record Placeholder(String name, String meaning) {
    }

    @TemplateData
    public record Row(String id, String title, String team, String channel, String language, String tags, String text,
            String placeholders, String updated) {
    }

    @GET
    public TemplateInstance show(@QueryParam("edit") String edit, @QueryParam("cursor") String cursor) {
        Form form = Form.EMPTY;
        String error = "";
        if (edit != null && !edit.isBlank()) {
            if (!CaseResource.validId(edit.strip())) {
                error = "There is no canned response " + InboxResource.abbreviate(edit, 40) + ".";
            } else {
                Outcome<SupervisionViews.Canned> found = Outcome.of(CASES, () -> cases.cannedOne(edit.strip()));
                if (found.ok() && found.value() != null) {
                    form = Form.of(found.value());
                } else {
                    error = found.message();
                }
            }
        }
        return page.data("me", me).data("csrf", csrf.token()).data("list", listData(cursor))
                .data("editor", editorData(form, error, ""));
    }

    @GET
    @Path("fragment")
    public TemplateInstance fragment(@QueryParam("cursor") String cursor) {
        return list.data("list", listData(cursor));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(@FormParam("team") String team, @FormParam("title") String title, @FormParam("text") String text,
            @FormParam("channel") String channel, @FormParam("language") String language, @FormParam("tags") String tags) {
        CannedInput in = CannedInput.parse(team, title, text, channel, language, tags, null);
        Outcome<SupervisionViews.Canned> created = Outcome.of(CASES, () -> cases.createCanned(request(in, null)));
        if (!created.ok()) {
            return editorAnswer(Form.of("", in, ""), refusal(created), "", false);
        }
        return editorAnswer(Form.EMPTY, "", "Saved \u201c" + created.value().title() + "\u201d.", true);
    }

    @POST
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response update(@PathParam("id") String id, @FormParam("team") String team, @FormParam("title") String title,
            @FormParam("text") String text, @FormParam("channel") String channel, @FormParam("language") String language,
            @FormParam("tags") String tags, @FormParam("version") String version) {
        CannedInput in = CannedInput.parse(team, title, text, channel, language, tags, version);
        if (!CaseResource.validId(id)) {
            return editorAnswer(Form.of("", in, ""), "There is no canned response " + InboxResource.abbreviate(id, 40) + ".", "", false);
        }
        Outcome<SupervisionViews.Canned> changed = Outcome.of(CASES, () -> cases.updateCanned(id, request(in, in.version())));
        if (!changed.ok()) {
            String why = changed.status() == 409
                    ? "Someone changed this response since you opened it. Open it again to see their change, then edit it."
                    : refusal(changed);
            return editorAnswer(Form.of(id, in, version), why, "", false);
        }
        return editorAnswer(Form.EMPTY, "", "Saved \u201c" + changed.value().title() + "\u201d.", true);
    }

    @POST
    @Path("{id}/delete")
    public Response delete(@PathParam("id") String id) {
        if (!CaseResource.validId(id)) {
            return messageAnswer("error", "There is no canned response " + InboxResource.abbreviate(id, 40) + ".", false);
        }
        Outcome<Void> deleted = Outcome.of(CASES, () -> {
            cases.deleteCanned(id);
            return null;
        });
        if (!deleted.ok()) {
            return messageAnswer("error", deleted.message(), deleted.status() == 404);
        }
        return messageAnswer("ok", "Deleted.", true);
    }

    /** A 400's own words (case-service names the field); other failures in Trouble's words. */
    static String refusal(Outcome<?> failed) {
        if (failed.status() == 400 && failed.problem() != null && !failed.problem().isBlank()) {
            return "Not saved: " + failed.problem();
        }
        return failed.message();
    }

    static SupervisionViews.CannedRequest request(CannedInput in, Long version) {
        return new SupervisionViews.CannedRequest(in.team(), in.title(), in.text(), in.channel(), in.language(),
                in.tags(), version);
    }

    private Response editorAnswer(Form form, String error, String ok, boolean refresh) {
        Response.ResponseBuilder r = Response.ok(editor.data("editor", editorData(form, error, ok)).render())
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"));
        if (refresh) {
            r.header("HX-Trigger", "canned-refresh");
        }
        return r.build();
    }

    private Response messageAnswer(String kind, String text, boolean refresh) {
        Response.ResponseBuilder r = Response.ok(message.data("kind", kind).data("text", text).render())
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"));
        if (refresh) {
            r.header("HX-Trigger", "canned-refresh");
        }
        return r.build();
    }

    Map<String, Object> editorData(Form form, String error, String ok) {
        Map<String, Object> data = new HashMap<>();
        data.put("form", form);
        data.put("error", error == null ? "" : error);
        data.put("ok", ok);
        data.put("channels", InboxFilter.CHANNELS);
        data.put("placeholders", CannedInput.PLACEHOLDERS.entrySet().stream()
                .map(e -> new Placeholder(e.getKey(), e.getValue())).toList());
        return data;
    }

    Map<String, Object> listData(String cursor) {
        String c = cursor == null || cursor.isBlank() || cursor.length() > 500 ? null : cursor.strip();
        Outcome<SupervisionViews.CannedPage> found = Outcome.of(CASES, () -> cases.canned(c, LIST_LIMIT));
        List<Row> rows = found.ok() && found.value() != null && found.value().items() != null
                ? found.value().items().stream().map(CannedResource::row).toList()
                : List.of();
        String next = found.ok() && found.value() != null ? found.value().nextCursor() : null;
        Map<String, Object> data = new HashMap<>();
        data.put("error", found.ok() ? "" : found.message());
        data.put("rows", rows);
        data.put("next", next == null ? "" : "?cursor=" + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8));
        data.put("paged", c != null);
        return data;
    }

    static Row row(SupervisionViews.Canned c) {
        return new Row(String.valueOf(c.id()), nz(c.title()), c.team() == null ? "all teams" : c.team(),
                c.channel() == null ? "any" : c.channel(), c.language() == null ? "any" : c.language(),
                c.tags() == null ? "" : String.join(", ", c.tags()), InboxResource.abbreviate(nz(c.text()), 160),
                c.placeholders() == null ? "" : String.join(" ", c.placeholders().stream().map(p -> "{{" + p + "}}").toList()),
                c.updatedAt() == null ? "" : c.updatedAt().toString());
    }

    static String nz(String s) {
        return s == null ? "" : s;
    }
}
