package dev.podpreset.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.OAuthTokenProvider;
import io.netty.handler.ssl.OpenSsl;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;

/**
 * How this process reaches its API server with an HTTP client of its own: where it is, which certificates
 * it trusts and presents, and the credentials of each request. What to use is fabric8's {@link Config}, resolved
 * as fabric8's client resolves it (the pod's service account, else the kubeconfig, and the {@code kubernetes.*}
 * properties), so that the preset watch and the fabric8 client of the controller reach the same server as the
 * same user. TLS goes through OpenSSL when netty-tcnative loads, as the webhook's own port does.
 *
 * <p>Not applied: fabric8's proxy settings and impersonation; an in-cluster API server is reached directly.
 */
public final class ApiServer {
    private final URI url;
    private volatile Config config;

    private ApiServer(URI url, Config config) {
        this.url = url;
        this.config = config;
    }

    public static ApiServer of(Config config) {
        String master = config.getMasterUrl();
        if (master == null || master.isBlank()) {
            throw new IllegalArgumentException("no Kubernetes API server configured (kubernetes.master, kubeconfig or a service account)");
        }
        return new ApiServer(URI.create(master), config);
    }

    public String host() {
        return url.getHost();
    }

    public boolean https() {
        return !"http".equalsIgnoreCase(url.getScheme());
    }

    public int port() {
        return url.getPort() > 0 ? url.getPort() : https() ? 443 : 80;
    }

    /** {@code pathAndQuery} (starting with "/") under the server's URL, which may have a path of its own. */
    public String uri(String pathAndQuery) {
        String base = url.getRawPath() == null ? "" : url.getRawPath();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + pathAndQuery;
    }

    /** The options of a client of this server: TLS, its trust and the client certificate, and the timeouts. */
    public HttpClientOptions clientOptions() {
        Config c = config;
        HttpClientOptions options = new HttpClientOptions()
                .setDefaultHost(host())
                .setDefaultPort(port())
                .setKeepAlive(true)
                .setConnectTimeout(positiveOr(c.getConnectionTimeout(), 10_000));
        if (!https()) {
            return options;
        }
        options.setSsl(true).setVerifyHost(!c.isDisableHostnameVerification());
        if (OpenSsl.isAvailable()) {
            options.setSslEngineOptions(new OpenSSLEngineOptions());
        }
        if (c.isTrustCerts()) {
            options.setTrustAll(true);
        } else {
            pem(c.getCaCertFile(), c.getCaCertData()).ifPresent(ca -> options.setTrustOptions(new PemTrustOptions().addCertValue(ca)));
        }
        Optional<Buffer> cert = pem(c.getClientCertFile(), c.getClientCertData());
        Optional<Buffer> key = pem(c.getClientKeyFile(), c.getClientKeyData());
        if (cert.isPresent() && key.isPresent()) {
            options.setKeyCertOptions(new PemKeyCertOptions().addCertValue(cert.get()).addKeyValue(key.get()));
        }
        return options;
    }

    /** The Authorization header of the next request, if the configuration has credentials. */
    public Optional<String> authorization() {
        Config c = config;
        OAuthTokenProvider provider = c.getOauthTokenProvider();
        String token = provider != null ? provider.getToken()
                : notBlank(c.getOauthToken()) ? c.getOauthToken() : c.getAutoOAuthToken();
        if (notBlank(token)) {
            return Optional.of("Bearer " + token);
        }
        if (notBlank(c.getUsername()) && c.getPassword() != null) {
            String pair = c.getUsername() + ":" + c.getPassword();
            return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        return Optional.empty();
    }

    /**
     * Reads the credentials again after the server refused them: the kubelet replaces a service account's token
     * before it expires, and an exec plugin gives a new one.
     */
    public void refreshCredentials() {
        config = config.refresh();
    }

    private static Optional<Buffer> pem(String file, String base64Data) {
        if (notBlank(base64Data)) {
            return Optional.of(Buffer.buffer(Base64.getMimeDecoder().decode(base64Data)));
        }
        if (notBlank(file)) {
            try {
                return Optional.of(Buffer.buffer(Files.readAllBytes(Path.of(file))));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return Optional.empty();
    }

    private static int positiveOr(Integer value, int otherwise) {
        return value != null && value > 0 ? value : otherwise;
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
