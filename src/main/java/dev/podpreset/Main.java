package dev.podpreset;

import dev.podpreset.tls.ServingCertificate;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/** Starts the webhook server after choosing its serving certificate. */
@QuarkusMain
public final class Main {
    private Main() {
    }

    public static void main(String... args) {
        ServingCertificate.configure();
        Quarkus.run(args);
    }
}
