package dev.podpreset.events;

import dev.podpreset.admission.ConflictReporter;
import dev.podpreset.config.InjectorConfig;
import dev.podpreset.sources.PresetSources;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** Conflict events go to the cluster the presets come from; with presets from files there is none. */
@ApplicationScoped
public class ConflictReporterProducer {
    private ExecutorService sender;

    @Produces
    @ApplicationScoped
    ConflictReporter conflictReporter(InjectorConfig config, Instance<KubernetesClient> client) {
        if (PresetSources.effective(config) != InjectorConfig.Source.KUBERNETES) {
            return (conflict, pod) -> { };
        }
        sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(config.events().queueSize()),
                r -> {
                    Thread t = new Thread(r, "conflict-events");
                    t.setDaemon(true);
                    return t;
                });
        return new KubernetesConflictEvents(client.get(), new ConflictEventLimiter(config.events().interval(), Clock.systemUTC()),
                sender, Clock.systemUTC(), hostname());
    }

    void stop(@Observes ShutdownEvent event) {
        if (sender != null) {
            sender.shutdown();
        }
    }

    private static String hostname() {
        String host = System.getenv("HOSTNAME");
        return host == null || host.isBlank() ? "podpreset-injector" : host;
    }
}
