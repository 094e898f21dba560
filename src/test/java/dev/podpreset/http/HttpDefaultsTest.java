package dev.podpreset.http;

import dev.podpreset.config.InjectorConfig;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped bounds keep their order: read timeout < API server's timeout and idle reuse < idle timeout; bodies
 * the budget counts as large are offloaded.
 */
@QuarkusTest
class HttpDefaultsTest {
    /** kube-apiserver: webhook calls time out after at most 30 s; idle connections are reused for up to 90 s. */
    private static final Duration API_SERVER_MAX_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration API_SERVER_IDLE_REUSE = Duration.ofSeconds(90);

    @Inject
    InjectorConfig config;

    @Test
    void theDefaultsFitTheApiServer() {
        Duration idle = ConfigProvider.getConfig().getValue("quarkus.http.idle-timeout", Duration.class);
        Duration read = config.http().requestReadTimeout();
        assertTrue(idle.compareTo(API_SERVER_IDLE_REUSE) > 0, "idle connections outlive the API server's reuse: " + idle);
        assertTrue(read.compareTo(API_SERVER_MAX_TIMEOUT) < 0, "a body must arrive before the API server gives up: " + read);
        assertEquals(3L * 1024 * 1024, ConfigProvider.getConfig().getValue("quarkus.http.limits.max-body-size", MemorySize.class).asLongValue());
        long budget = config.http().requestBytesBudget().asLongValue();
        assertTrue(budget / 2 >= 3L * 1024 * 1024, "two bodies at the limit fit the half of the budget large bodies may use");
        assertTrue(config.http().offloadThreshold().asLongValue() <= budget / 16,
                "every body the budget counts as large is worked on off the event loop");
    }
}
