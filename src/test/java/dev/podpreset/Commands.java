package dev.podpreset;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Whether an external tool that some tests use (bash, openssl, kubectl) is installed; tests skip without it. */
public final class Commands {
    private Commands() {
    }

    public static boolean available(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
