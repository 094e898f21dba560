package dev.podpreset.api;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CRDs are generated from the Java types at build time (crd-generator-maven-plugin, into
 * target/classes/META-INF/fabric8). The committed copies under k8s/crds and the chart must be that
 * output, so a change of the API types cannot ship with stale CRDs.
 */
class CrdManifestsTest {
    private static final Path GENERATED = Path.of("target/classes/META-INF/fabric8");

    @ParameterizedTest
    @ValueSource(strings = {"k8s/crds", "charts/podpreset-injector/files/crds"})
    void committedCrdsAreTheGeneratedOnes(String committedDir) throws IOException {
        for (String file : new String[]{"podpresets.podpreset.dev-v1.yml", "clusterpodpresets.podpreset.dev-v1.yml"}) {
            Path generated = GENERATED.resolve(file);
            assertTrue(Files.exists(generated), "the build did not generate " + generated);
            assertEquals(Files.readString(generated), Files.readString(Path.of(committedDir, file)),
                    committedDir + "/" + file + " is stale: copy it from " + generated + " (cp " + GENERATED + "/*.yml "
                            + committedDir + "/)");
        }
    }
}
