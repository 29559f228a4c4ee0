package io.outpost.cases.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Opt-in ({@code -Pbenchmark}): posts → case stored → case.opened published, with the consumer
 * concurrency of application.properties (3). {@link CaseIntakeBaselineBenchmarkTest} is the
 * baseline of the same run (concurrency 1).
 */
@QuarkusTest
@Tag("benchmark")
class CaseIntakeBenchmarkTest {

    @Test
    void postsToPublishedCases() throws Exception {
        var rounds = CaseIntakeBenchmark.run("concurrency 3", 200, 600, 3);
        assertThat(rounds).allMatch(r -> r.postsPerSecond() > 0);
    }
}
