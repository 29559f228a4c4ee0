package io.outpost.ingest;

import io.outpost.devstack.DevstackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * Every test of this module runs on devstack's real Kafka and PostgreSQL, with the fake X and Meta
 * platforms ({@link WireMockResource}) as the outbound clients' base URLs: one resource set, one
 * application start.
 */
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "service", value = "ingest-service"))
@QuarkusTestResource(WireMockResource.class)
public final class DevstackResource {
}
