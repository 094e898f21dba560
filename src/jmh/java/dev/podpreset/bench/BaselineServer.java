package dev.podpreset.bench;

import dev.podpreset.tls.ServingCertificate;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.PemKeyCertOptions;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The floor the load scripts ({@code load.sh}, {@code ab.sh}) measure {@code /mutate} against: an HTTPS server on
 * Vert.x, the stack Quarkus serves the webhook on, that reads each request body and answers a constant "allowed"
 * AdmissionReview without parsing it, so its throughput is what HTTPS, HTTP/1.1 keep-alive and a JVM allow with
 * no admission work at all. Its certificate is made as the server makes one for a local run; TLS 1.3 and 1.2,
 * with the JDK's engine or OpenSSL's, as the webhook's port. It lives here, not in the server: production has no
 * benchmark endpoint.
 *
 * <p>Usage: {@code BaselineServer PORT jdk|openssl TLS_DIR ADDRESS_FILE}; it writes {@code https://127.0.0.1:PORT}
 * to the address file once it serves.
 */
public final class BaselineServer {
    private static final Buffer ALLOWED = Buffer.buffer(("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\","
            + "\"response\":{\"uid\":\"\",\"allowed\":true}}").getBytes(StandardCharsets.UTF_8));

    private BaselineServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        boolean openssl = args[1].equals("openssl");
        ServingCertificate.Files tls = ServingCertificate.generateSelfSigned(Path.of(args[2]));
        HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setPort(port).setSsl(true)
                .setEnabledSecureTransportProtocols(Set.of("TLSv1.3", "TLSv1.2"))
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.cert().toString()).setKeyPath(tls.key().toString()))
                .setSslEngineOptions(openssl ? new OpenSSLEngineOptions() : new JdkSSLEngineOptions());
        Vertx vertx = Vertx.vertx();
        vertx.createHttpServer(options)
                .requestHandler(request -> request.body().onComplete(body -> request.response()
                        .putHeader("Content-Type", "application/json").end(ALLOWED)))
                .listen().toCompletionStage().toCompletableFuture().get();
        Files.writeString(Path.of(args[3]), "https://127.0.0.1:" + port);
    }
}
