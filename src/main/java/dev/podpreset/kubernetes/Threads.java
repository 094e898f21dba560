package dev.podpreset.kubernetes;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The background threads of the sources, the controller and the certificates: named, and never holding the JVM up. */
public final class Threads {
    private Threads() {
    }

    /** One daemon thread called {@code name} that runs tasks in order, now or later. */
    public static ScheduledExecutorService scheduler(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }
}
