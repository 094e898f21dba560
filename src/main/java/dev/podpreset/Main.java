package dev.podpreset;

import dev.podpreset.cli.CliContext;
import dev.podpreset.cli.PodpresetCli;
import dev.podpreset.tls.ServingCertificate;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Parses the command line ({@link PodpresetCli}); {@code serve} (also: no arguments) starts Quarkus after
 * choosing the serving certificate, {@code controller} starts it without the HTTPS port, every other command
 * runs without Quarkus and exits with its code.
 */
@QuarkusMain
public final class Main {
    /** Held so the level set on it is not lost when the logger would otherwise be collected. */
    private static Logger projectLogger;

    private Main() {
    }

    public static void main(String... args) {
        // The commands report preset problems on stderr themselves; the library's log lines would repeat them.
        projectLogger = Logger.getLogger("dev.podpreset");
        projectLogger.setLevel(Level.OFF);
        PodpresetCli cli = PodpresetCli.run(args, CliContext.system());
        if (cli.server() == null) {
            System.exit(cli.exitCode());
        }
        projectLogger.setLevel(null);
        if (cli.server() == PodpresetCli.Server.CONTROLLER) {
            // The controller answers no admission request: no HTTPS port and no certificate for it. Its probes
            // and metrics are on the management port, which is a server of its own.
            System.setProperty("podpreset.controller.enabled", "true");
            System.setProperty("quarkus.http.host-enabled", "false");
        } else {
            ServingCertificate.configure();
        }
        Quarkus.run(args);
    }
}
