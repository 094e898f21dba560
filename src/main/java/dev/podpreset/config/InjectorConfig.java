package dev.podpreset.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Configuration of podpreset-injector (prefix {@code podpreset}); every key can also be given as an
 * environment variable, e.g. {@code PODPRESET_PRESETS_DIR}. This interface is the reference, except for the
 * {@code podpreset.tls.*} keys, which are read before Quarkus starts (see
 * {@link dev.podpreset.tls.ServingCertificate}).
 */
@ConfigMapping(prefix = "podpreset")
public interface InjectorConfig {

    /**
     * Where presets come from: {@code auto} (the default) uses {@code directory} when
     * {@code presets-dir} is set and {@code kubernetes} otherwise; {@code directory} reads
     * {@code presets-dir} (which must then be set); {@code kubernetes} watches PodPresets,
     * ClusterPodPresets and Namespaces through the API server with informers, using the in-cluster
     * service account or else the kubeconfig; {@code none} loads nothing and reports ready at once
     * (for tests that publish presets themselves).
     */
    @WithDefault("auto")
    Source source();

    /** The values of {@link #source()}. */
    enum Source {
        AUTO, DIRECTORY, KUBERNETES, NONE
    }

    /**
     * Directory whose {@code *.yaml}, {@code *.yml} and {@code *.json} files hold PodPresets,
     * ClusterPodPresets and Namespaces (for their labels). When set, no cluster is used; files are
     * re-read when they change. When absent, presets come from the Kubernetes API (see
     * {@link #source()}).
     */
    Optional<Path> presetsDir();

    /** How often the presets directory is checked for added, changed or removed files. */
    @WithDefault("2s")
    Duration presetsReloadPeriod();

    /**
     * How long the Kubernetes source waits after an informer event before it rebuilds the snapshot, so
     * that a burst of changes (a {@code kubectl apply} of many presets) costs one rebuild. Only
     * changed presets are prepared again either way.
     */
    @WithDefault("100ms")
    Duration kubernetesRebuildDelay();

    /**
     * Serves {@code POST /baseline/allow} on the webhook port: it reads the request body and answers a
     * fixed {@code allowed: true} AdmissionReview without parsing anything, so that {@code src/jmh/load.sh}
     * can compare {@code /mutate} with the cost of HTTPS and the HTTP stack alone on the same server.
     * Off by default; when off the path answers 404. Never needed in production.
     */
    @WithDefault("false")
    boolean benchmarkEndpoints();

    /** Kubernetes Events recorded on a preset when it conflicts with a pod. */
    Events events();

    interface Events {
        /** At most one event per preset per interval; conflicts in between are counted into the next one. */
        @WithDefault("1m")
        Duration interval();

        /** Events waiting to be sent; beyond this they are dropped rather than slow admissions. */
        @WithDefault("100")
        int queueSize();
    }
}
