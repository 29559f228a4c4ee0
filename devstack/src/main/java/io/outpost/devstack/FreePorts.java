package io.outpost.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Picks loopback ports that are free now, so parallel test runs on one machine do not collide. */
public final class FreePorts {

    private FreePorts() {
    }

    /**
     * Ports handed out by this JVM. The operating system may offer a just-closed port again: seen in
     * the system tests, case-service and routing-service got the same port, routing-service bound it
     * and answered case-service's readiness checks while case-service had exited.
     */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /**
     * A port free now and not handed out before by this JVM, chosen at random below the operating
     * system's ephemeral range. A port from the ephemeral range (what binding port 0 gives) can be
     * taken as the source port of any outgoing connection in the minute a service needs to start
     * and bind it: seen when two suites started at once on this machine ("Port 40025 seems to be in
     * use", routing-service exited). Below that range only another explicit choice can collide,
     * one in thousands.
     */
    public static int pick() {
        int[] range = belowEphemeral();
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int port = range[0] + random.nextInt(range[1] - range[0]);
            if (!HANDED_OUT.contains(port) && isFree(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        while (true) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** [from, to) below the ephemeral ports (Linux: /proc/sys/net/ipv4/ip_local_port_range; else 20000-32768). */
    static int[] belowEphemeral() {
        int ephemeralFrom = 32_768;
        // Read line by line: procfs reports a size of 0, and Files.readString returned only "3" of "32768\t60999".
        try (java.io.BufferedReader file = java.nio.file.Files.newBufferedReader(
                java.nio.file.Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
            ephemeralFrom = Integer.parseInt(file.readLine().trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: the usual lower bound
        }
        if (ephemeralFrom < 10_000) {
            ephemeralFrom = 32_768; // an unusual setting: keep to the common layout
        }
        int from = Math.min(20_000, ephemeralFrom / 2);
        return new int[] { Math.max(1_024, from), Math.max(from + 1_000, ephemeralFrom) };
    }

    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
