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

    /** A port free now and not handed out before by this JVM. */
    public static int pick() {
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

    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
