package dev.podpreset.sources;

import dev.podpreset.config.InjectorConfig;
import dev.podpreset.kubernetes.Threads;
import dev.podpreset.presets.PresetDirectory;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Local mode: when {@code podpreset.presets-dir} is set, presets come from that directory. It is
 * loaded before the server takes requests, then polled: polling (unlike file watches) also sees the
 * symlink swaps of a mounted ConfigMap. A file rewritten in place is read whole or not at all: while it
 * is caught half written it keeps giving its last content ({@link PresetDirectory}).
 */
@ApplicationScoped
public class DirectoryPresetSource {
    private static final Logger LOG = Logger.getLogger(DirectoryPresetSource.class);

    @Inject
    InjectorConfig config;
    @Inject
    PresetRegistry registry;

    private ScheduledExecutorService poller;
    private volatile List<String> fingerprint = List.of();
    /** What each file gave at the last load: a file caught half written keeps giving it. */
    private volatile Map<Path, PresetDirectory.FileContents> lastFiles = Map.of();

    void onStart(@Observes StartupEvent event) {
        if (PresetSources.effective(config) != InjectorConfig.Source.DIRECTORY) {
            return;
        }
        config.presetsDir().ifPresent(dir -> {
            reloadIfChanged(dir);
            long period = config.presetsReloadPeriod().toMillis();
            poller = Threads.scheduler("presets-dir-poller");
            poller.scheduleWithFixedDelay(() -> reloadIfChanged(dir), period, period, TimeUnit.MILLISECONDS);
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        if (poller != null) {
            poller.shutdownNow();
        }
    }

    /** Reloads the whole directory when a file was added, removed or changed since the last load. */
    void reloadIfChanged(Path dir) {
        try {
            List<String> now = fingerprint(dir);
            if (now.equals(fingerprint) && registry.synced()) {
                return;
            }
            PresetDirectory.Contents contents = PresetDirectory.load(dir, lastFiles);
            registry.publish(contents.snapshot());
            registry.markSynced();
            fingerprint = now;
            lastFiles = contents.files();
            LOG.infof("Loaded %d presets and %d namespaces from %s (%d problems)", contents.presets().size(),
                    contents.namespaces().size(), dir, contents.problems().size());
        } catch (IOException | RuntimeException e) {
            // Keep serving the last good presets; the next poll tries again.
            LOG.errorf("Cannot read presets directory %s: %s", dir, e.getMessage());
        }
    }

    private static List<String> fingerprint(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        for (Path f : PresetDirectory.files(dir)) {
            out.add(f + "|" + Files.size(f) + "|" + Files.getLastModifiedTime(f).toMillis());
        }
        return out;
    }
}
