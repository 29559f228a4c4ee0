package io.outpost.devstack;

import java.nio.file.Path;

/**
 * The process {@link HardKillTest} kills with SIGKILL, in a JVM of its own:
 * <ul>
 * <li>{@code postgres <dataDir> <binDir>} starts a devstack {@link Postgres} with a database
 * {@code hard_kill}, prints {@code ready <port>} and waits;</li>
 * <li>{@code child} starts {@code sleep 600} through {@link ServiceProcesses#startTiedToThisJvm}
 * from a thread that ends at once, prints {@code child <pid>} and waits.</li>
 * </ul>
 */
public final class HardKillFixture {

    private HardKillFixture() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "postgres" -> {
                Postgres postgres = new Postgres(Path.of(args[1]), Path.of(args[2]), 0).start();
                postgres.ensureDatabase("hard_kill");
                System.out.println("ready " + postgres.port());
            }
            case "child" -> {
                Process[] child = new Process[1];
                Thread starter = new Thread(() -> {
                    try {
                        child[0] = ServiceProcesses.startTiedToThisJvm(new ProcessBuilder("sleep", "600"));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, "short-lived-starter");
                starter.start();
                starter.join();
                System.out.println("child " + child[0].pid());
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
