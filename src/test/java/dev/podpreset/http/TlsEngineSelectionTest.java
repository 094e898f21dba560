package dev.podpreset.http;

import dev.podpreset.config.InjectorConfig.Tls.Engine;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTPS port with {@code podpreset.tls.engine=openssl}: the server-side session is OpenSSL's and the
 * protocol policy is the JDK engine's ({@link TlsPolicyContract}); without the native library the JDK
 * engine serves.
 */
@QuarkusTest
@TestProfile(TlsEngineSelectionTest.OpenSsl.class)
class TlsEngineSelectionTest extends TlsPolicyContract {
    public static class OpenSsl extends TlsPolicyContract.EngineProfile {
        @Override
        String engine() {
            return "openssl";
        }
    }

    @Inject
    TlsEngineSelection selection;

    @Test
    void openSslServes() throws Exception {
        assertEquals(Engine.OPENSSL, selection.serving(), "the native library of netty-tcnative loads here");
        assertTrue(session("TLSv1.3").contains("OpenSsl"), "a server-side session of OpenSSL");
    }

    @Test
    void theJdkEngineServesWhenOpenSslCannotLoad() {
        assertEquals(Engine.JDK, TlsEngineSelection.choose(Engine.OPENSSL, false));
        assertEquals(Engine.OPENSSL, TlsEngineSelection.choose(Engine.OPENSSL, true));
        assertEquals(Engine.JDK, TlsEngineSelection.choose(Engine.JDK, true));
    }
}
