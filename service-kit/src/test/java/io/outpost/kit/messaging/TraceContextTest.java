package io.outpost.kit.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class TraceContextTest {

    static final String PARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    @Test
    void aTraceParentIsReadWrittenAndCheckedAsW3CTraceContext() {
        assertThat(TraceContext.of(TraceContext.parse(PARENT))).isEqualTo(PARENT);
        assertThat(TraceContext.traceId(PARENT)).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(TraceContext.parse(null)).isNull();
        assertThat(TraceContext.parse("not a traceparent")).isNull();
        assertThat(TraceContext.parse("00-00000000000000000000000000000000-b7ad6b7169203331-01")).as("invalid trace id").isNull();
        assertThat(TraceContext.current()).as("no context here").isNull();
    }

    @Test
    void theLastWellFormedHeaderOfARecord() {
        RecordHeaders headers = new RecordHeaders();
        assertThat(TraceContext.fromHeaders(headers)).isNull();
        headers.add(TraceContext.HEADER, "garbage".getBytes(StandardCharsets.UTF_8));
        assertThat(TraceContext.fromHeaders(headers)).isNull();
        headers.add(TraceContext.HEADER, PARENT.getBytes(StandardCharsets.UTF_8));
        assertThat(TraceContext.fromHeaders(headers)).isEqualTo(PARENT);
    }

    @Test
    void withinMakesTheTraceCurrentWhileTheWorkRunsAndNoLonger() {
        AtomicReference<String> seen = new AtomicReference<>();
        TraceContext.<String>within(PARENT, () -> Uni.createFrom().item(() -> {
            seen.set(TraceContext.current());
            return "done";
        })).await().indefinitely();
        assertThat(seen.get()).isEqualTo(PARENT);
        assertThat(TraceContext.current()).isNull();

        TraceContext.<String>within(null, () -> Uni.createFrom().item(() -> {
            seen.set(TraceContext.current());
            return "done";
        })).await().indefinitely();
        assertThat(seen.get()).isNull();
    }
}
