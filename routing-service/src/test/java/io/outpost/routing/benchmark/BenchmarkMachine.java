package io.outpost.routing.benchmark;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine a benchmark ran on, for the line printed with its figures. */
public final class BenchmarkMachine {

    private BenchmarkMachine() {
    }

    /** CPU model, cores, load average and JVM. */
    public static String describe() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (Exception e) {
            // not Linux: the CPU stays unnamed
        }
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, load average "
                + String.format("%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()) + ", "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version");
    }
}
