package dev.podpreset.http;

import dev.podpreset.config.InjectorConfig.Tls.Engine;
import dev.podpreset.tls.ServingCertificate;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
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
 * The HTTPS port with {@code podpreset.tls.engine=openssl}: the session on the server side is OpenSSL's,
 * TLS 1.3 is negotiated, TLS 1.2 is refused as with the JDK engine (the Quarkus TLS registry's protocol
 * policy, unchanged), and admissions are answered; without the native library the JDK engine serves.
 */
@QuarkusTest
@TestProfile(TlsEngineSelectionTest.OpenSslEngine.class)
class TlsEngineSelectionTest {
    private static Path cert;

    public static class OpenSslEngine implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                ServingCertificate.Files files = ServingCertificate.generateSelfSigned(Files.createTempDirectory("podpreset-engine-tls"));
                cert = files.cert();
                return Map.of("podpreset.tls.engine", "openssl",
                        "quarkus.http.tls-configuration-name", ServingCertificate.TLS_NAME,
                        "quarkus.tls." + ServingCertificate.TLS_NAME + ".key-store.pem.serving.cert", files.cert().toString(),
                        "quarkus.tls." + ServingCertificate.TLS_NAME + ".key-store.pem.serving.key", files.key().toString(),
                        "quarkus.http.test-ssl-port", "0",
                        SessionRoute.ENABLED, "true");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Answers with the protocol and the class of the server's TLS session (only in this test's profile). */
    @ApplicationScoped
    public static class SessionRoute {
        static final String ENABLED = "test.tls-session-route";

        void install(@Observes Router router) {
            if (ConfigProvider.getConfig().getOptionalValue(ENABLED, Boolean.class).orElse(false)) {
                router.get("/test/tls-session").handler(ctx -> ctx.end(ctx.request().sslSession().getProtocol() + " "
                        + ctx.request().sslSession().getClass().getName()));
            }
        }
    }

    @Inject
    TlsEngineSelection selection;

    @Test
    void openSslServesTls13() throws Exception {
        assertEquals(Engine.OPENSSL, selection.serving(), "the native library of netty-tcnative loads here");
        HttpResponse<String> response = client("TLSv1.3").send(HttpRequest.newBuilder(uri("/test/tls-session")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(response.body().startsWith("TLSv1.3 "), response.body());
        assertTrue(response.body().contains("OpenSsl"), "server-side session of OpenSSL: " + response.body());
    }

    @Test
    void tls12IsRefusedAsWithTheJdkEngine() {
        assertThrows(SSLHandshakeException.class, () -> client("TLSv1.2")
                .send(HttpRequest.newBuilder(uri("/test/tls-session")).build(), HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void admissionsAreAnsweredOverOpenSsl() throws Exception {
        HttpResponse<String> response = client("TLSv1.3").send(HttpRequest.newBuilder(uri("/mutate"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofFile(Path.of("examples/requests/frontend-pod.json"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"allowed\":true"), response.body());
    }

    @Test
    void theJdkEngineServesWhenOpenSslCannotLoad() {
        assertEquals(Engine.JDK, TlsEngineSelection.choose(Engine.OPENSSL, false));
        assertEquals(Engine.OPENSSL, TlsEngineSelection.choose(Engine.OPENSSL, true));
        assertEquals(Engine.JDK, TlsEngineSelection.choose(Engine.JDK, true));
    }

    private static URI uri(String path) {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-ssl-port", Integer.class);
        return URI.create("https://localhost:" + port + path);
    }

    /** A client that trusts the generated certificate and offers only {@code protocol}. */
    private static HttpClient client(String protocol) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            trust.setCertificateEntry("webhook", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(new String[] {protocol});
        return HttpClient.newBuilder().sslContext(context).sslParameters(parameters).version(HttpClient.Version.HTTP_1_1).build();
    }
}
