package dev.podpreset.http;

import dev.podpreset.config.InjectorConfig.Tls.Engine;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The HTTPS port with {@code podpreset.tls.engine=jdk}: the JDK's session, the same protocol policy. */
@QuarkusTest
@TestProfile(JdkTlsEngineTest.Jdk.class)
class JdkTlsEngineTest extends TlsPolicyContract {
    public static class Jdk extends TlsPolicyContract.EngineProfile {
        @Override
        String engine() {
            return "jdk";
        }
    }

    @Inject
    TlsEngineSelection selection;

    @Test
    void theJdkEngineServes() throws Exception {
        assertEquals(Engine.JDK, selection.serving());
        assertFalse(session("TLSv1.3").contains("OpenSsl"), "a server-side session of the JDK");
    }
}
