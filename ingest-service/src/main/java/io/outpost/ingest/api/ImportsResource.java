package io.outpost.ingest.api;

import io.outpost.ingest.config.ImportConfig;
import io.outpost.ingest.domain.CsvFields;
import io.outpost.ingest.domain.ImportFormat;
import io.outpost.ingest.domain.ImportJob;
import io.outpost.ingest.domain.ImportRecords;
import io.outpost.ingest.domain.InvalidLineException;
import io.outpost.ingest.store.ImportJobStore;
import io.outpost.ingest.store.Importer;
import io.outpost.kit.api.ApiException;
import io.outpost.kit.api.PageCursor;
import io.outpost.kit.api.RequestValues;
import io.outpost.kit.api.Roles;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;

/**
 * Bulk import: an upload is streamed to a file (never held in memory), becomes a job, and is
 * processed in the background by {@link Importer}; the job shows its progress.
 */
@Path("/api/v1/imports")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.INTEGRATION, Roles.ADMIN })
public class ImportsResource {

    public static final String NDJSON = "application/x-ndjson";
    public static final String CSV = "text/csv";
    private static final Logger LOG = Logger.getLogger(ImportsResource.class);

    private final ImportJobStore jobs;
    private final Importer importer;
    private final ImportConfig config;

    public ImportsResource(ImportJobStore jobs, Importer importer, ImportConfig config) {
        this.jobs = jobs;
        this.importer = importer;
        this.config = config;
    }

    @POST
    @Consumes({ NDJSON, CSV })
    @Blocking
    @Operation(summary = "Start a bulk import", description = "Roles: integration, admin. NDJSON of the post shape, "
            + "or CSV with a header: the twcs columns (X posts) or the post shape's fields. Processed asynchronously.")
    @APIResponse(responseCode = "202", description = "Stored and queued; Location is the job")
    @APIResponse(responseCode = "400", description = "Empty body, or a CSV header naming neither format (problem details)")
    @APIResponse(responseCode = "413", description = "Larger than outpost.imports.max-upload-size")
    @APIResponse(responseCode = "415", description = "Neither application/x-ndjson nor text/csv")
    public Response upload(InputStream body, @Context HttpHeaders headers, @Context SecurityContext security,
            @Context UriInfo uri) {
        MediaType type = headers.getMediaType();
        boolean csv = type != null && type.isCompatible(MediaType.valueOf(CSV));
        UUID id = UUID.randomUUID();
        java.nio.file.Path file = store(id, body);
        try {
            long size = Files.size(file);
            if (size == 0) {
                throw ApiException.badRequest("the body is empty");
            }
            ImportFormat format = csv ? csvFormat(file) : ImportFormat.NDJSON;
            ImportJob job = new ImportJob();
            job.id = id;
            job.format = format.wireName();
            job.contentType = csv ? CSV : NDJSON;
            job.filePath = file.toString();
            job.fileSize = size;
            job.status = ImportJob.QUEUED;
            job.createdBy = security.getUserPrincipal() == null ? null : security.getUserPrincipal().getName();
            ImportJob created = await(() -> jobs.create(job));
            importer.submit(created.id);
            return Response.accepted(ImportView.of(created, List.of()))
                    .location(uri.getAbsolutePathBuilder().path(id.toString()).build())
                    .build();
        } catch (IOException | RuntimeException e) {
            deleteQuietly(file);
            if (e instanceof IOException) {
                throw new IllegalStateException("could not store the upload", e);
            }
            throw (RuntimeException) e;
        }
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One import job and its progress", description = "Roles: integration, admin.")
    @APIResponse(responseCode = "200", description = "The job")
    @APIResponse(responseCode = "404", description = "No such job (problem details)")
    public Uni<ImportView> get(@PathParam("id") String id) {
        UUID uuid = RequestValues.uuid("id", id);
        return jobs.find(uuid)
                .onItem().ifNull().failWith(() -> ApiException.notFound("no import " + uuid))
                .chain(job -> jobs.rejections(uuid, config.maxRejectionsKept()).map(r -> ImportView.of(job, r)));
    }

    @GET
    @Operation(summary = "List import jobs", description = "Roles: integration, admin. Oldest first, keyset pagination.")
    @APIResponse(responseCode = "200", description = "One page")
    @APIResponse(responseCode = "400", description = "Bad limit or cursor (problem details)")
    public Uni<ImportPage> list(
            @Parameter(description = "Page size, 1 to the configured maximum (200 by default); default 50") @QueryParam("limit") String limit,
            @Parameter(description = "The nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        int size = PageCursor.limit(limit, config.defaultLimit(), config.maxLimit());
        PageCursor after = PageCursor.decode(cursor);
        return jobs.page(after == null ? null : new ImportJobStore.After(after.at(), after.id()), size + 1)
                .map(rows -> {
                    List<ImportJob> page = rows.size() > size ? rows.subList(0, size) : rows;
                    ImportJob last = page.isEmpty() ? null : page.get(page.size() - 1);
                    String next = rows.size() > size ? new PageCursor(last.createdAt, last.id).encode() : null;
                    return new ImportPage(page.stream().map(j -> ImportView.of(j, List.of())).toList(), next);
                });
    }

    /** Streams the body to the job's file, counting against the upload limit. */
    private java.nio.file.Path store(UUID id, InputStream body) {
        long limit = config.maxUploadSize().asLongValue();
        java.nio.file.Path file;
        try {
            java.nio.file.Path dir = java.nio.file.Path.of(config.directory());
            Files.createDirectories(dir);
            file = dir.resolve(id + ".upload");
        } catch (IOException e) {
            throw new IllegalStateException("the import directory is not usable", e);
        }
        long written = 0;
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = body.read(buffer)) != -1) {
                written += n;
                if (written > limit) {
                    throw new ApiException(413, "Payload Too Large", "the upload is larger than " + limit + " bytes");
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(file);
            if (e instanceof ApiException api) {
                throw api;
            }
            if (written > limit || "Request too large".equals(e.getMessage())) {
                throw new ApiException(413, "Payload Too Large", "the upload is larger than " + limit + " bytes");
            }
            throw new ApiException(400, "Bad Request", "the upload could not be read: " + e.getMessage());
        }
        return file;
    }

    /** Reads the CSV header (first record) to tell twcs from the post shape; 400 for neither. */
    private ImportFormat csvFormat(java.nio.file.Path file) throws IOException {
        int maxLine = (int) Math.min(Integer.MAX_VALUE - 16, config.maxLineSize().asLongValue());
        try (InputStream in = Files.newInputStream(file)) {
            ImportRecords.Record header = new ImportRecords(in, 0, 0, true, maxLine).next();
            if (header == null || header.text() == null) {
                throw ApiException.badRequest("the CSV has no header line (or it is not UTF-8)");
            }
            ImportFormat format = Importer.csvFormat(CsvFields.parse(header.text()));
            if (format == null) {
                throw ApiException.badRequest("the CSV header names neither the twcs columns "
                        + "(tweet_id, author_id, inbound, created_at, text, in_response_to_tweet_id) nor the post fields "
                        + "(channel, externalId, author.platformUserId, text, createdAt, ...)");
            }
            return format;
        } catch (ImportRecords.RecordTooLongException | InvalidLineException e) {
            throw ApiException.badRequest("the CSV header cannot be read: " + e.getMessage());
        }
    }

    /** Runs reactive (Hibernate Reactive) work from this blocking method on a Vert.x context. */
    private static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(java.nio.file.Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("could not delete %s: %s", file, e.toString());
        }
    }
}
