package dev.podpreset.tls;

import io.smallrye.certs.CertificateGenerator;
import io.smallrye.certs.CertificateRequest;
import io.smallrye.certs.Format;
import org.jboss.logging.Logger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Chooses the webhook's serving certificate before Quarkus starts: the configured PEM files, or a
 * self-signed certificate generated on the spot so that a local run needs no setup. The choice is
 * handed to the Quarkus TLS registry as system properties. Being read before the configuration is
 * loaded, its keys come from system properties or the environment only (they are declared in
 * {@link dev.podpreset.config.InjectorConfig.Tls} all the same, so that Quarkus knows them):
 * <ul>
 * <li>{@code podpreset.tls.cert-file} / {@code PODPRESET_TLS_CERT_FILE}: PEM certificate (chain);</li>
 * <li>{@code podpreset.tls.key-file} / {@code PODPRESET_TLS_KEY_FILE}: its PEM private key (both or neither);</li>
 * <li>{@code podpreset.tls.generated-dir} / {@code PODPRESET_TLS_GENERATED_DIR}: where a self-signed
 * certificate is written when neither is set (default {@code $TMPDIR/podpreset-injector-tls}).</li>
 * </ul>
 */
public final class ServingCertificate {
    private static final Logger LOG = Logger.getLogger(ServingCertificate.class);
    /** The named TLS configuration of the webhook port; the management port stays plain HTTP. */
    public static final String TLS_NAME = "webhook";
    public static final String CERT_PROPERTY = "quarkus.tls." + TLS_NAME + ".key-store.pem.serving.cert";
    public static final String KEY_PROPERTY = "quarkus.tls." + TLS_NAME + ".key-store.pem.serving.key";
    private static final String NAME = "podpreset-injector";
    /** The JDK's PBKDF2 rounds for a private key put into a PKCS#12 key store (default 10,000). */
    private static final String KEY_STORE_PBE_ITERATIONS = "keystore.pkcs12.keyPbeIterationCount";

    /** A certificate and key pair on disk. */
    public record Files(Path cert, Path key) {
    }

    private ServingCertificate() {
    }

    /** Reads {@code podpreset.tls.*} from system properties or environment and configures Quarkus TLS. */
    public static void configure() {
        String cert = setting("podpreset.tls.cert-file", "PODPRESET_TLS_CERT_FILE");
        String key = setting("podpreset.tls.key-file", "PODPRESET_TLS_KEY_FILE");
        Files files;
        if (cert != null && key != null) {
            files = new Files(Path.of(cert), Path.of(key));
        } else if (cert != null || key != null) {
            throw new IllegalStateException("podpreset.tls.cert-file and podpreset.tls.key-file must be set together");
        } else {
            String dir = setting("podpreset.tls.generated-dir", "PODPRESET_TLS_GENERATED_DIR");
            files = generateSelfSigned(dir != null ? Path.of(dir) : Path.of(System.getProperty("java.io.tmpdir"), NAME + "-tls"));
            LOG.infof("No serving certificate configured: generated a self-signed one at %s (key %s)", files.cert(), files.key());
        }
        System.setProperty(CERT_PROPERTY, files.cert().toString());
        System.setProperty(KEY_PROPERTY, files.key().toString());
        System.setProperty("quarkus.http.tls-configuration-name", TLS_NAME);
        // Quarkus and Vert.x put the PEM key into PKCS#12 key stores in memory, under a fixed password, at start
        // and at every reload. Their encryption protects nothing (the key is in this heap and on disk in the
        // clear), and its PBKDF2 rounds, slow under C1 only, delayed readiness. This process writes no key
        // store anywhere; an explicit setting is kept.
        if (System.getProperty(KEY_STORE_PBE_ITERATIONS) == null) {
            System.setProperty(KEY_STORE_PBE_ITERATIONS, "1");
        }
    }

    /** Writes a self-signed certificate for localhost and 127.0.0.1, valid for 90 days, into {@code dir}. */
    public static Files generateSelfSigned(Path dir) {
        try {
            java.nio.file.Files.createDirectories(dir);
            new CertificateGenerator(dir, true).generate(new CertificateRequest()
                    .withName(NAME)
                    .withCN("localhost")
                    .withSubjectAlternativeName("DNS:localhost")
                    .withSubjectAlternativeName("IP:127.0.0.1")
                    .withDuration(Duration.ofDays(90))
                    .withFormat(Format.PEM));
            Files files = new Files(dir.resolve(NAME + ".crt"), dir.resolve(NAME + ".key"));
            if (!java.nio.file.Files.isReadable(files.cert()) || !java.nio.file.Files.isReadable(files.key())) {
                throw new IllegalStateException("certificate generator did not write " + files);
            }
            return files;
        } catch (Exception e) {
            throw new IllegalStateException("cannot generate a self-signed certificate in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Whether the serving certificate comes from configured files (a deployed webhook), not a generated one. */
    public static boolean fromFiles() {
        return setting("podpreset.tls.cert-file", "PODPRESET_TLS_CERT_FILE") != null;
    }

    private static String setting(String property, String env) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            v = System.getenv(env);
        }
        return v == null || v.isBlank() ? null : v;
    }
}
