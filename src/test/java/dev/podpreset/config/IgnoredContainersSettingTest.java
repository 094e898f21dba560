package dev.podpreset.config;

import dev.podpreset.injection.IgnoredContainers;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code PODPRESET_INJECTION_IGNORED_CONTAINERS}, as the chart sets it on the webhook and the controller: unset, the
 * mesh default; a comma list replaces it; set empty (the chart's {@code webhook.ignoredContainers: []}), none.
 */
class IgnoredContainersSettingTest {

    private static IgnoredContainers configured(Map<String, String> environment) {
        InjectorConfig config = new SmallRyeConfigBuilder().withMapping(InjectorConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(MemorySize.class, 200, new MemorySizeConverter())
                .withSources(new EnvConfigSource(environment, 300)).build().getConfigMapping(InjectorConfig.class);
        return IgnoredContainers.configured(config.injection().ignoredContainers());
    }

    @Test
    void unsetItIsTheMeshDefault() {
        assertEquals(IgnoredContainers.DEFAULT, configured(Map.of()));
        assertEquals(IgnoredContainers.of(List.of("istio-proxy", "istio-init", "istio-validation", "linkerd-proxy",
                "linkerd-init")), IgnoredContainers.DEFAULT);
    }

    @Test
    void aListReplacesTheDefault() {
        assertEquals(IgnoredContainers.of(List.of("envoy", "istio-proxy")),
                configured(Map.of("PODPRESET_INJECTION_IGNORED_CONTAINERS", "envoy,istio-proxy")));
    }

    @Test
    void setEmptyNoContainerIsIgnored() {
        assertEquals(IgnoredContainers.of(List.of()), configured(Map.of("PODPRESET_INJECTION_IGNORED_CONTAINERS", "")));
    }
}
