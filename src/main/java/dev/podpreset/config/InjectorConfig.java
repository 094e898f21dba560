package dev.podpreset.config;

import dev.podpreset.injection.IgnoredContainers;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Configuration of podpreset-injector (prefix {@code podpreset}); every key can also be given as an
 * environment variable, e.g. {@code PODPRESET_PRESETS_DIR}. This interface is the reference for every key.
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
     * ClusterPodPresets and Namespaces (for their labels and annotations). When set, no cluster is used; files are
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

    /** How presets are injected into pods. */
    Injection injection();

    interface Injection {
        /**
         * Containers and init containers of a pod that receive no env, envFrom or volumeMounts from presets
         * unless a preset names them in {@code targetContainers}: the proxies and init containers of a service
         * mesh whose webhook ran before ours (comma list; empty for none). A pod's annotation
         * {@code podpreset.dev/ignore-containers: "a,b"} adds names for that pod. Containers that presets
         * inject are not affected.
         */
        @WithDefault(IgnoredContainers.DEFAULT_NAMES)
        Optional<List<String>> ignoredContainers();
    }

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

    /** The webhook's TLS certificates when the controller manages them ({@code self-managed}). */
    Certificates certificates();

    interface Certificates {
        /**
         * {@code external} (the default): someone else provides the Secret and the webhooks' caBundle
         * (cert-manager, your own Secret). {@code self-managed}: the controller's leader creates and renews a
         * CA and the serving certificate in {@link #secretName()} and writes the CA bundle into the webhook
         * configurations {@link #webhookName()}.
         */
        @WithDefault("external")
        Mode mode();

        /** The values of {@link #mode()}. */
        enum Mode {
            EXTERNAL, SELF_MANAGED
        }

        /** The Secret (type kubernetes.io/tls, keys ca.crt, ca.key, tls.crt, tls.key) in {@link #namespace()}. */
        @WithDefault("podpreset-injector-tls")
        String secretName();

        /** Name of both the MutatingWebhookConfiguration and the ValidatingWebhookConfiguration. */
        @WithDefault("podpreset-injector")
        String webhookName();

        /** The webhook Service: the serving certificate is for its DNS names, and only its webhooks get the caBundle. */
        @WithDefault("podpreset-injector")
        String serviceName();

        /** Namespace of the Secret and the Service; defaults to the pod's own (env POD_NAMESPACE). */
        Optional<String> namespace();

        /** Validity of each CA; a new one is added to the bundle at two thirds of it. */
        @WithDefault("365d")
        Duration caValidity();

        /** Validity of the serving certificate; it is renewed at two thirds of it. */
        @WithDefault("90d")
        Duration servingValidity();

        /**
         * How long a new CA is in the caBundle before it signs the serving certificate, so that every API
         * server trusts it first.
         */
        @WithDefault("10m")
        Duration caPropagation();

        /** How often the leader checks the Secret and the caBundle (changes to them are also watched). */
        @WithDefault("5m")
        Duration checkInterval();
    }

    /** Limits of the webhook's HTTPS port against hostile or broken clients (see {@code dev.podpreset.http}). */
    Http http();

    interface Http {
        /**
         * Request body bytes all connections together may hold at once, counted from the declared
         * {@code Content-Length} (the body limit when there is none) until the answer is sent. A request
         * that does not fit gets 503 at once. A body over a sixteenth of the budget may use only half of it,
         * so that the small reviews the API server sends always find room.
         */
        @WithDefault("16M")
        MemorySize requestBytesBudget();

        /**
         * A request must have arrived whole within this time after its headers; otherwise it gets 408 and
         * its connection is closed. Keep it below the API server's webhook timeout (at most 30 s) and below
         * {@code quarkus.http.idle-timeout}, which closes idle keep-alive connections.
         */
        @WithDefault("10s")
        Duration requestReadTimeout();

        /**
         * The admission work (parse, engine, answer) of a body over this size runs on a pool of its own
         * ({@link #offloadThreads()}) instead of the event loop that read it, so that a multi-MiB pod does not
         * hold up the small reviews waiting on that loop. Smaller bodies are answered on the event loop, where a
         * hand-off to another thread would cost more than their work.
         */
        @WithDefault("64K")
        MemorySize offloadThreshold();

        /**
         * Threads of the pool for bodies over {@link #offloadThreshold()}. Unset: half the processors the JVM
         * sees, at least one, so that the rest are left to the event loops.
         */
        OptionalInt offloadThreads();
    }

    /**
     * The serving certificate. Read from system properties or the environment by
     * {@link dev.podpreset.tls.ServingCertificate} before Quarkus starts; declared here so that
     * {@code -Dpodpreset.tls.*} is a known key.
     */
    Tls tls();

    interface Tls {
        /** PEM certificate (chain); set together with {@link #keyFile()}. Reloaded when the file changes. */
        Optional<Path> certFile();

        /** The PEM private key of {@link #certFile()}. */
        Optional<Path> keyFile();

        /** Where a self-signed certificate is written when none is configured (default {@code $TMPDIR/podpreset-injector-tls}). */
        Optional<Path> generatedDir();

        /**
         * The TLS implementation of the webhook port: {@code openssl} (BoringSSL from
         * netty-tcnative, bundled for linux-x86_64; when its native library cannot load, the JDK engine
         * serves and a warning says why) or {@code jdk}. Both take their protocols and suites from the
         * Quarkus TLS registry ({@code quarkus.tls.webhook.*}: TLS 1.3, and TLS 1.2 with forward-secret
         * AEAD suites). Read at start-up. OpenSSL is the default: it costs the server less CPU per
         * request than the JDK engine (docs/performance.md, section 10).
         */
        @WithDefault("openssl")
        Engine engine();

        /** The values of {@link #engine()}. */
        enum Engine {
            OPENSSL, JDK
        }
    }

    /** The controller component: preset status, drift of running pods, opt-in workload restarts. */
    Controller controller();

    interface Controller {
        /**
         * Runs the controller in this process (the {@code controller} command and Deployment set it). It needs
         * presets from the cluster ({@code podpreset.source} kubernetes or auto without a directory).
         */
        @WithDefault("false")
        boolean enabled();

        /** At most one status write per preset per interval; unchanged status is never written. */
        @WithDefault("10s")
        Duration statusInterval();

        /** At most one workload restart per interval, cluster-wide, and none while the last one still rolls out. */
        @WithDefault("30s")
        Duration restartInterval();

        /**
         * How long a restarted workload may take to report its rollout complete and available. A rollout that takes
         * longer, or whose Deployment reports ProgressDeadlineExceeded, has failed: restarts for the presets it was
         * for pause (condition RestartsPaused) until their generation changes, and the others go on.
         */
        @WithDefault("10m")
        Duration rolloutTimeout();

        /** Presets reconciled at once, hence the most status writes in flight. */
        @WithDefault("8")
        int workers();

        /** The write budget: status writes and restarts per second, on average, whatever the number of presets. */
        @WithDefault("200")
        double writesPerSecond();

        /** The write budget's burst: writes at once after a quiet spell. */
        @WithDefault("200")
        int writeBurst();

        /**
         * Whether this controller may restart workloads at all (presets ask with {@code spec.restartWorkloads}).
         * The chart sets it with {@code controller.restartWorkloads}, which also grants the RBAC for it.
         */
        @WithDefault("false")
        boolean restartWorkloads();

        /**
         * The webhook's namespaceSelector as LabelSelector JSON; only pods of namespaces it selects are counted
         * ({@code kubernetes.io/metadata.name} is implied, as the API server sets it). Unset: the chart's default,
         * {@code podpreset.dev/injection=enabled}.
         */
        Optional<String> namespaceSelector();

        /**
         * The webhook's objectSelector as LabelSelector JSON; only pods it selects are counted. Unset: the chart's
         * default, {@code podpreset.dev/injection notin (disabled)}.
         */
        Optional<String> objectSelector();

        /**
         * Namespaces the webhook never serves (comma list); their pods are not counted. Unset: kube-system,
         * kube-public, kube-node-lease and the release namespace ({@code POD_NAMESPACE}, else podpreset-system).
         */
        Optional<List<String>> excludedNamespaces();

        /** Name of the coordination.k8s.io Lease the controller replicas elect their leader with. */
        @WithDefault("podpreset-controller")
        String leaseName();

        /** Namespace of the Lease; defaults to the pod's own (environment variable POD_NAMESPACE). */
        Optional<String> leaseNamespace();

        /** How long a leader's Lease is valid without renewal; a follower takes over after it. */
        @WithDefault("15s")
        Duration leaseDuration();

        /** How long the leader keeps trying to renew before it gives up leading. */
        @WithDefault("10s")
        Duration leaseRenewDeadline();

        /** How often candidates try to acquire or renew the Lease. */
        @WithDefault("2s")
        Duration leaseRetryPeriod();
    }
}
