package dev.podpreset.health;

import dev.podpreset.sources.PresetRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the presets are loaded: a pod admitted before that would miss its presets. */
@Readiness
@ApplicationScoped
public class PresetsReadinessCheck implements HealthCheck {
    @Inject
    PresetRegistry registry;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("presets")
                .status(registry.synced())
                .withData("presets", registry.current().size())
                .build();
    }
}
