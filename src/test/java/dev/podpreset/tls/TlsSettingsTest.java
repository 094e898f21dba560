package dev.podpreset.tls;

import dev.podpreset.config.InjectorConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code -Dpodpreset.tls.cert-file=...} (the form ServingCertificate documents) must be a known key: an
 * unknown {@code podpreset.*} key stops start-up (SRCFG00050).
 */
class TlsSettingsTest {

    private static SmallRyeConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder().withMapping(InjectorConfig.class).withValidateUnknown(true)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(MemorySize.class, 200, new MemorySizeConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 500)).build();
    }

    @Test
    void theTlsKeysAreDeclared() {
        InjectorConfig.Tls tls = config(Map.of("podpreset.tls.cert-file", "/etc/tls/tls.crt",
                "podpreset.tls.key-file", "/etc/tls/tls.key", "podpreset.tls.generated-dir", "/tmp/tls"))
                .getConfigMapping(InjectorConfig.class).tls();
        assertEquals(Optional.of(Path.of("/etc/tls/tls.crt")), tls.certFile());
        assertEquals(Optional.of(Path.of("/etc/tls/tls.key")), tls.keyFile());
        assertEquals(Optional.of(Path.of("/tmp/tls")), tls.generatedDir());
    }

    @Test
    void anUndeclaredKeyStillStopsStartUp() {
        Exception e = assertThrows(Exception.class, () -> config(Map.of("podpreset.tls.certfile", "/etc/tls/tls.crt")));
        assertTrue(String.valueOf(e.getMessage()).contains("SRCFG00050"), e.getMessage());
    }
}
