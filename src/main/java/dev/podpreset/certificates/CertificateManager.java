package dev.podpreset.certificates;

import dev.podpreset.certificates.CertificateRotation.Target;
import dev.podpreset.certificates.RenewalPlanner.Lifetimes;
import dev.podpreset.config.InjectorConfig;
import dev.podpreset.config.InjectorConfig.Certificates.Mode;
import dev.podpreset.controller.LeadershipChanged;
import dev.podpreset.kubernetes.Informers;
import dev.podpreset.kubernetes.Threads;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Runs the self-managed certificates on the controller's leader only: from {@link LeadershipChanged}
 * {@code true} it checks every {@code podpreset.certificates.check-interval} and whenever the Secret or one
 * of the two webhook configurations changes (a Helm upgrade or a GitOps sync that resets caBundle, a
 * deleted Secret); on {@code false} or shutdown it stops. Checks run one at a time on its own thread.
 */
@Singleton
public class CertificateManager {
    private static final Logger LOG = Logger.getLogger(CertificateManager.class);

    private final Supplier<KubernetesClient> client;
    private final InjectorConfig.Certificates settings;
    private final Clock clock;
    private final AtomicBoolean checkQueued = new AtomicBoolean();
    private ScheduledExecutorService executor;
    private final List<SharedIndexInformer<? extends HasMetadata>> watches = new ArrayList<>();

    @Inject
    CertificateManager(Instance<KubernetesClient> client, InjectorConfig config) {
        this(client::get, config.certificates(), Clock.systemUTC());
    }

    CertificateManager(Supplier<KubernetesClient> client, InjectorConfig.Certificates settings, Clock clock) {
        this.client = client;
        this.settings = settings;
        this.clock = clock;
    }

    void onLeadership(@Observes LeadershipChanged event) {
        if (settings.mode() != Mode.SELF_MANAGED) {
            return;
        }
        if (event.leading()) {
            start();
        } else {
            stop();
        }
    }

    void onShutdown(@Observes ShutdownEvent event) {
        stop();
    }

    synchronized boolean running() {
        return executor != null;
    }

    private synchronized void start() {
        if (executor != null) {
            return;
        }
        KubernetesClient kubernetes = client.get();
        Target target = new Target(namespace(kubernetes), settings.secretName(), settings.webhookName(), settings.serviceName());
        CertificateRotation rotation = new CertificateRotation(kubernetes, target,
                new RenewalPlanner(new Lifetimes(settings.caValidity(), settings.servingValidity(), settings.caPropagation()),
                        target.dnsNames()), clock);
        executor = Threads.scheduler("podpreset-certificates");
        ScheduledExecutorService checks = executor;
        Runnable check = () -> {
            checkQueued.set(false);
            try {
                rotation.check();
            } catch (RuntimeException e) {
                LOG.warnf("Certificate check of %s/%s failed, retried in %s or on the next change: %s",
                        target.namespace(), target.secretName(), settings.checkInterval(), e.getMessage());
            }
        };
        long period = settings.checkInterval().toMillis();
        checks.scheduleWithFixedDelay(check, 0, period, TimeUnit.MILLISECONDS);
        Runnable onChange = () -> {
            if (checkQueued.compareAndSet(false, true) && !checks.isShutdown()) {
                checks.execute(check);
            }
        };
        watch(kubernetes.secrets().inNamespace(target.namespace()).withName(target.secretName()).runnableInformer(0),
                "the certificate Secret", onChange);
        watch(kubernetes.admissionRegistration().v1().mutatingWebhookConfigurations().withName(target.webhookName())
                .runnableInformer(0), "the MutatingWebhookConfiguration", onChange);
        watch(kubernetes.admissionRegistration().v1().validatingWebhookConfigurations().withName(target.webhookName())
                .runnableInformer(0), "the ValidatingWebhookConfiguration", onChange);
        LOG.infof("Leading: managing certificates in Secret %s/%s and the caBundle of webhook configurations %s",
                target.namespace(), target.secretName(), target.webhookName());
    }

    private synchronized void stop() {
        if (executor == null) {
            return;
        }
        watches.forEach(SharedIndexInformer::close);
        watches.clear();
        executor.shutdownNow();
        executor = null;
        LOG.info("Not leading: stopped managing certificates");
    }

    private String namespace(KubernetesClient kubernetes) {
        return settings.namespace()
                .or(() -> Optional.ofNullable(System.getenv("POD_NAMESPACE")))
                .orElseGet(kubernetes::getNamespace);
    }

    /** Any add, change or delete of a watched object queues a check. */
    private <T extends HasMetadata> void watch(SharedIndexInformer<T> informer, String what, Runnable onChange) {
        watches.add(informer);
        Informers.start(informer, what, Informers.onAnyChange(onChange));
    }
}
