package dev.podpreset.cli;

import dev.podpreset.api.PodPreset;
import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** What {@code podpreset version} and {@code --version} print, from the build's filtered version.properties. */
final class BuildInfo implements IVersionProvider {
    private static final String RESOURCE = "version.properties";

    static Properties properties() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    @Override
    public String[] getVersion() {
        Properties p = properties();
        return new String[] {
                "podpreset-injector " + p.getProperty("version", "unknown"),
                "API:          " + PodPreset.API_VERSION + " (PodPreset, ClusterPodPreset); pods: core v1",
                "fabric8:      " + p.getProperty("fabric8", "unknown") + " (Kubernetes model and client)",
                "Quarkus:      " + p.getProperty("quarkus", "unknown"),
                "picocli:      " + p.getProperty("picocli", "unknown"),
                "built:        " + p.getProperty("built", "unknown"),
                "Java:         " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
        };
    }
}
