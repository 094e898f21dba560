package dev.podpreset;

import dev.podpreset.cli.InjectCommand;
import dev.podpreset.tls.ServingCertificate;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

import java.util.Arrays;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code inject ...} runs the offline CLI ({@link InjectCommand}) and exits with its code, without
 * starting Quarkus; anything else starts the webhook server after choosing its serving certificate.
 */
@QuarkusMain
public final class Main {
    /** Held so the level set on it is not lost when the logger would otherwise be collected. */
    private static Logger projectLogger;

    private Main() {
    }

    public static void main(String... args) {
        if (args.length > 0 && args[0].equals("inject")) {
            // The CLI reports preset problems on stderr itself; the library's log lines would repeat them.
            projectLogger = Logger.getLogger("dev.podpreset");
            projectLogger.setLevel(Level.OFF);
            System.exit(InjectCommand.main(Arrays.copyOfRange(args, 1, args.length)));
        }
        ServingCertificate.configure();
        Quarkus.run(args);
    }
}
