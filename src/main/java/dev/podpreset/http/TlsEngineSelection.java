package dev.podpreset.http;

import dev.podpreset.config.InjectorConfig;
import dev.podpreset.config.InjectorConfig.Tls.Engine;
import io.netty.handler.ssl.OpenSsl;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Sets the TLS implementation of the webhook's HTTPS server from {@code podpreset.tls.engine}: OpenSSL
 * (BoringSSL of netty-tcnative) when asked for and its native library loads, the JDK's otherwise. The
 * protocols (TLS 1.3 and 1.2) and the certificate, with its hot reload, stay with the Quarkus TLS
 * registry whichever engine serves; the log says which one does.
 */
@ApplicationScoped
public class TlsEngineSelection implements HttpServerOptionsCustomizer {
    private static final Logger LOG = Logger.getLogger(TlsEngineSelection.class);

    @Inject
    InjectorConfig config;

    private volatile Engine serving;

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        serving = choose(config.tls().engine(), OpenSsl.isAvailable());
        if (serving == Engine.OPENSSL) {
            options.setSslEngineOptions(new OpenSSLEngineOptions());
            LOG.infof("TLS engine of the webhook port: OpenSSL (%s)", OpenSsl.versionString());
        } else {
            options.setSslEngineOptions(new JdkSSLEngineOptions());
            if (config.tls().engine() == Engine.OPENSSL) {
                LOG.warnf("podpreset.tls.engine=openssl, but OpenSSL cannot be loaded (%s): the JDK TLS engine serves",
                        OpenSsl.unavailabilityCause());
            } else {
                LOG.info("TLS engine of the webhook port: JDK");
            }
        }
    }

    /** The engine that serves when {@code wanted} is configured and OpenSSL is or is not available. */
    static Engine choose(Engine wanted, boolean openSslAvailable) {
        return wanted == Engine.OPENSSL && openSslAvailable ? Engine.OPENSSL : Engine.JDK;
    }

    /** The engine the HTTPS server was configured with, or null before it started. */
    public Engine serving() {
        return serving;
    }
}
