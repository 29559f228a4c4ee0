package io.outpost.ingest.domain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What Lingua's models cost a process: build time, heap and resident memory, for a language set and
 * accuracy mode. Run in a fresh JVM per configuration (Lingua caches its models statically):
 * {@code java -cp <test classpath> io.outpost.ingest.domain.LanguageModelFootprint low en,es,fr,de,pt,it,nl,ja}.
 * The README quotes its output.
 */
public final class LanguageModelFootprint {

    private LanguageModelFootprint() {
    }

    public static void main(String[] args) throws IOException {
        boolean low = args.length == 0 || args[0].equals("low");
        List<String> languages = Arrays.asList((args.length > 1 ? args[1] : "en,es,fr,de,pt,it,nl,ja").split(","));
        long heapBefore = usedHeapAfterGc();
        long rssBefore = rssKb();
        long start = System.nanoTime();
        LanguageGuesser guesser = LanguageGuesser.of(languages, low);
        long buildMs = (System.nanoTime() - start) / 1_000_000;
        long heapAfter = usedHeapAfterGc();
        long rssAfter = rssKb();
        String sample = "I was charged twice for my October invoice and nobody answers";
        for (int i = 0; i < 2_000; i++) {
            guesser.guess(sample);
        }
        int n = 5_000;
        long t = System.nanoTime();
        for (int i = 0; i < n; i++) {
            guesser.guess(sample);
        }
        double msPerText = (System.nanoTime() - t) / 1e6 / n;
        System.out.printf(Locale.ROOT, "lingua %s accuracy, %d languages %s: built in %d ms, heap +%d MB, RSS +%d MB, %.3f ms per tweet%n",
                low ? "low" : "high", languages.size(), languages, buildMs, (heapAfter - heapBefore) >> 20,
                (rssAfter - rssBefore) >> 10, msPerText);
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return 0;
    }
}
