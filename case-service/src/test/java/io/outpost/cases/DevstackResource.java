package io.outpost.cases;

import io.outpost.devstack.DevstackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** Every test of this module runs on devstack's real Kafka and PostgreSQL (one application start). */
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "service", value = "case-service"))
public final class DevstackResource {
}
