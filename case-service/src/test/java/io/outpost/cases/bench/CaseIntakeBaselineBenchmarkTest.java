package io.outpost.cases.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The baseline of {@link CaseIntakeBenchmarkTest}: the same load with one consumer per channel. */
@QuarkusTest
@Tag("benchmark")
@TestProfile(CaseIntakeBaselineBenchmarkTest.OneConsumer.class)
class CaseIntakeBaselineBenchmarkTest {

    public static class OneConsumer implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.incoming.posts.concurrency", "1",
                    "mp.messaging.incoming.assignments.concurrency", "1");
        }
    }

    @Test
    void postsToPublishedCasesWithOneConsumer() throws Exception {
        var rounds = CaseIntakeBenchmark.run("concurrency 1 (baseline)", 200, 600, 3);
        assertThat(rounds).allMatch(r -> r.postsPerSecond() > 0);
    }
}
