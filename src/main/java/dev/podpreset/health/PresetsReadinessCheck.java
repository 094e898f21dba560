package dev.podpreset.health;

import dev.podpreset.sources.PresetRegistry;
import io.quarkus.vertx.http.HttpServerStart;
import io.quarkus.vertx.http.HttpsServerStart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready until the presets are loaded (a pod admitted before that would miss its presets) and the
 * webhook port listens: the management port, which answers this probe, opens earlier, and a replica
 * marked ready before its HTTPS port accepts connections would make the API server's calls fail. A process
 * without the webhook port (the controller: {@code quarkus.http.host-enabled=false}) waits for the presets only.
 */
@Readiness
@ApplicationScoped
public class PresetsReadinessCheck implements HealthCheck {
    @Inject
    PresetRegistry registry;

    @ConfigProperty(name = "quarkus.http.host-enabled", defaultValue = "true")
    boolean webhookPort;

    private volatile boolean listening;

    void onHttps(@ObservesAsync HttpsServerStart started) {
        listening = true;
    }

    /** Tests serve plain HTTP only. Quarkus fires both events asynchronously once the port listens. */
    void onHttp(@ObservesAsync HttpServerStart started) {
        listening = true;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("presets")
                .status(registry.synced() && (listening || !webhookPort))
                .withData("presets", registry.current().size())
                .withData("listening", listening)
                .build();
    }
}
