package io.outpost.crmlink.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.outpost.crmlink.imports.CsvCustomers;
import io.outpost.crmlink.imports.CustomerImporter;
import io.outpost.crmlink.imports.CustomerSource;
import io.outpost.crmlink.store.CustomerImportRow;
import io.outpost.crmlink.store.CustomerImportStore;
import io.outpost.kit.api.ApiException;
import io.outpost.kit.api.RequestValues;
import io.outpost.kit.api.Roles;
import io.quarkus.security.identity.SecurityIdentity;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Bulk customer import: the upload is stored to disk as it arrives and read by a background job;
 * progress is polled. Integration clients (a CRM sync) and admins may import.
 */
@Path("/api/v1/customer-imports")
@Produces(MediaType.APPLICATION_JSON)
public class CustomerImportsResource {

    static final String NDJSON = "application/x-ndjson";

    /** A job's progress; {@code rejections} are the first kept ones, in line order. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ImportView(UUID id, String format, String status, String error, long linesRead, long accepted,
            long rejected, List<CustomerImportStore.Rejection> rejections, String createdBy, Instant createdAt,
            Instant startedAt, Instant finishedAt) {

        static ImportView of(CustomerImportRow j, List<CustomerImportStore.Rejection> rejections) {
            return new ImportView(j.id, j.format, j.status, j.error, j.linesRead, j.accepted, j.rejected, rejections,
                    j.createdBy, j.createdAt, j.startedAt, j.finishedAt);
        }
    }

    private final CustomerImporter importer;
    private final CustomerImportStore jobs;
    private final SecurityIdentity caller;

    public CustomerImportsResource(CustomerImporter importer, CustomerImportStore jobs, SecurityIdentity caller) {
        this.importer = importer;
        this.jobs = jobs;
        this.caller = caller;
    }

    @POST
    @Consumes({ "text/csv", NDJSON })
    @RolesAllowed({ Roles.ADMIN, Roles.INTEGRATION })
    @Blocking
    @Operation(summary = "Import customers (CSV or NDJSON)", description = "Roles: admin, integration. The body is the "
            + "file: text/csv with a header naming id and any customer fields, or application/x-ndjson with one "
            + "customer object (id + the customer fields) per line. Asynchronous: GET the Location for progress.")
    @APIResponse(responseCode = "202", description = "The job, queued")
    @APIResponse(responseCode = "400", description = "Empty body or a CSV header without id or with unknown columns")
    @APIResponse(responseCode = "413", description = "Body over quarkus.http.limits.max-body-size")
    @APIResponse(responseCode = "415", description = "Neither text/csv nor application/x-ndjson")
    public Response create(@jakarta.ws.rs.HeaderParam("Content-Type") String contentType, InputStream body) {
        String format = contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("text/csv")
                ? "csv" : "ndjson";
        UUID id = UUID.randomUUID();
        java.nio.file.Path file = importer.file(id);
        try {
            Files.createDirectories(file.getParent());
            long size;
            try (OutputStream out = Files.newOutputStream(file)) {
                size = body.transferTo(out);
            }
            if (size == 0) {
                throw ApiException.badRequest("the body is empty: send the file");
            }
            if ("csv".equals(format)) {
                try (InputStream in = Files.newInputStream(file); CustomerSource header = importer.open(in, format)) {
                    // Opening reads and checks the header only.
                }
            }
        } catch (CsvCustomers.BadHeader e) {
            deleteQuietly(file);
            throw ApiException.badRequest(e.getMessage());
        } catch (IOException e) {
            deleteQuietly(file);
            throw new ApiException(503, "Service unavailable", "the upload could not be stored: " + e.getMessage());
        } catch (RuntimeException e) {
            deleteQuietly(file);
            throw e;
        }
        String actor = caller.getPrincipal().getName();
        CustomerImportRow job;
        try {
            // A blocking endpoint (it streams the upload to disk): the job row is written through
            // the reactive store on a Vert.x context and awaited here.
            job = VertxContextSupport.subscribeAndAwait(() -> jobs.create(id, format, actor));
        } catch (RuntimeException e) {
            deleteQuietly(file);
            throw e;
        } catch (Throwable e) {
            deleteQuietly(file);
            throw new IllegalStateException(e);
        }
        importer.submit(job.id);
        return Response.accepted(ImportView.of(job, List.of())).location(URI.create("/api/v1/customer-imports/" + job.id))
                .build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.INTEGRATION })
    @Operation(summary = "A customer import's progress", description = "Roles: admin, integration. Lines read, "
            + "accepted, rejected (with the first rejections' line numbers and reasons), status.")
    @APIResponse(responseCode = "200", description = "The job")
    @APIResponse(responseCode = "400", description = "The id is not a UUID (problem details)")
    @APIResponse(responseCode = "404", description = "No such import (problem details)")
    public Uni<ImportView> get(@PathParam("id") String id) {
        UUID jobId = RequestValues.uuid("id", id);
        return jobs.find(jobId).chain(job -> jobs.rejections(jobId).map(r -> ImportView.of(job, r)));
    }

    private static void deleteQuietly(java.nio.file.Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A leftover upload without a job is harmless and overwritten by nothing (ids are random).
        }
    }
}
