package io.outpost.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void portsAreFreeDistinctAndBelowTheEphemeralRange() {
        int[] range = FreePorts.belowEphemeral();
        Set<Integer> picked = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int port = FreePorts.pick();
            assertThat(port).isBetween(range[0], range[1] - 1);
            assertThat(FreePorts.isFree(port)).isTrue();
            assertThat(picked.add(port)).as("handed out once: " + port).isTrue();
        }
    }
}
