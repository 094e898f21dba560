package dev.podpreset.http;

import dev.podpreset.TemporaryDirectories;
import dev.podpreset.tls.ServingCertificate;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The protocol policy of the webhook port, which every TLS engine must serve alike: TLS 1.3, TLS 1.2
 * with forward-secret AEAD suites, and nothing weaker. Each subclass runs it with one engine.
 */
abstract class TlsPolicyContract {
    /** HTTPS with a generated certificate, the given engine and the session route on. */
    abstract static class EngineProfile implements QuarkusTestProfile {
        abstract String engine();

        @Override
        public Map<String, String> getConfigOverrides() {
            ServingCertificate.Files files = ServingCertificate.generateSelfSigned(TemporaryDirectories.deletedAtExit("podpreset-engine-tls"));
            return Map.of("podpreset.tls.engine", engine(),
                    "quarkus.http.tls-configuration-name", ServingCertificate.TLS_NAME,
                    ServingCertificate.CERT_PROPERTY, files.cert().toString(),
                    ServingCertificate.KEY_PROPERTY, files.key().toString(),
                    "quarkus.http.test-ssl-port", "0",
                    SessionRoute.ENABLED, "true");
        }
    }

    /** Answers with the protocol, the suite and the class of the server's TLS session (only in these profiles). */
    @ApplicationScoped
    public static class SessionRoute {
        static final String ENABLED = "test.tls-session-route";

        void install(@Observes Router router) {
            if (ConfigProvider.getConfig().getOptionalValue(ENABLED, Boolean.class).orElse(false)) {
                router.get("/test/tls-session").handler(ctx -> ctx.end(ctx.request().sslSession().getProtocol() + " "
                        + ctx.request().sslSession().getCipherSuite() + " " + ctx.request().sslSession().getClass().getName()));
            }
        }
    }

    @Test
    void tls13IsNegotiated() throws Exception {
        assertTrue(session("TLSv1.3").startsWith("TLSv1.3 TLS_AES_"), "TLS 1.3 and an AEAD suite");
    }

    // Each suite is offered for EC and RSA keys: the certificate may have either.
    @Test
    void tls12WithAForwardSecretAeadSuiteIsServed() throws Exception {
        assertTrue(session("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")
                .matches("TLSv1\\.2 TLS_ECDHE_(ECDSA|RSA)_WITH_AES_128_GCM_SHA256 .*"));
        assertTrue(session("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256")
                .matches("TLSv1\\.2 TLS_ECDHE_(ECDSA|RSA)_WITH_CHACHA20_POLY1305_SHA256 .*"));
    }

    @Test
    void tls12WithACbcSuiteIsRefused() {
        assertThrows(SSLHandshakeException.class, () -> session("TLSv1.2",
                "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"));
    }

    @Test
    void tls12WithoutForwardSecrecyIsRefused() {
        assertThrows(SSLHandshakeException.class, () -> session("TLSv1.2", "TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_256_GCM_SHA384"));
    }

    @Test
    void admissionsAreAnswered() throws Exception {
        HttpResponse<String> response = client("TLSv1.3").send(HttpRequest.newBuilder(uri("/mutate"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofFile(Path.of("examples/requests/frontend-pod.json"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"allowed\":true"), response.body());
    }

    /** "protocol suite session-class" of a request made offering only {@code protocol} (and {@code suites}, if any). */
    static String session(String protocol, String... suites) throws Exception {
        HttpResponse<String> response = client(protocol, suites).send(HttpRequest.newBuilder(uri("/test/tls-session")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.body();
    }

    private static URI uri(String path) {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-ssl-port", Integer.class);
        return URI.create("https://localhost:" + port + path);
    }

    /** A new client (no session reuse) that trusts the generated certificate. */
    private static HttpClient client(String protocol, String... suites) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(Path.of(ConfigProvider.getConfig().getValue(ServingCertificate.CERT_PROPERTY, String.class)))) {
            trust.setCertificateEntry("webhook", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(new String[] {protocol});
        if (suites.length > 0) {
            parameters.setCipherSuites(suites);
        }
        return HttpClient.newBuilder().sslContext(context).sslParameters(parameters).version(HttpClient.Version.HTTP_1_1).build();
    }
}
