package dev.podpreset.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Configuration of podpreset-injector (prefix {@code podpreset}); every key can also be given as an
 * environment variable, e.g. {@code PODPRESET_PRESETS_DIR}. This interface is the reference.
 */
@ConfigMapping(prefix = "podpreset")
public interface InjectorConfig {

    /**
     * Directory whose {@code *.yaml}, {@code *.yml} and {@code *.json} files hold PodPresets,
     * ClusterPodPresets and Namespaces (for their labels). When set, no cluster is used; files are
     * re-read when they change. When absent, presets come from the Kubernetes API.
     */
    Optional<Path> presetsDir();

    /** How often the presets directory is checked for added, changed or removed files. */
    @WithDefault("2s")
    Duration presetsReloadPeriod();

    /**
     * Serves {@code POST /baseline/allow} on the webhook port: it reads the request body and answers a
     * fixed {@code allowed: true} AdmissionReview without parsing anything, so that {@code bench/load.sh}
     * can compare {@code /mutate} with the cost of HTTPS and the HTTP stack alone on the same server.
     * Off by default; when off the path answers 404. Never needed in production.
     */
    @WithDefault("false")
    boolean benchmarkEndpoints();

    /** The serving certificate. */
    Tls tls();

    interface Tls {
        /**
         * PEM certificate (chain) for the webhook's HTTPS port. With neither this nor the key set, a
         * self-signed certificate is generated at start into {@code generated-dir}.
         */
        Optional<Path> certFile();

        /** PEM private key of {@code cert-file}. */
        Optional<Path> keyFile();

        /** Where a generated self-signed certificate is written. */
        @WithDefault("${java.io.tmpdir}/podpreset-injector-tls")
        Path generatedDir();
    }
}
