package dev.podpreset.sources;

import dev.podpreset.config.InjectorConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Decides which preset source runs ({@code podpreset.source}). Each source observes startup itself and
 * does nothing unless it is the effective one; with {@code none} nothing is loaded and the registry is
 * ready at once.
 */
@ApplicationScoped
public class PresetSources {
    private static final Logger LOG = Logger.getLogger(PresetSources.class);

    @Inject
    InjectorConfig config;
    @Inject
    PresetRegistry registry;

    /** The configured source with {@code auto} resolved; fails when {@code directory} has no directory. */
    public static InjectorConfig.Source effective(InjectorConfig config) {
        InjectorConfig.Source source = config.source();
        if (source == InjectorConfig.Source.AUTO) {
            return config.presetsDir().isPresent() ? InjectorConfig.Source.DIRECTORY : InjectorConfig.Source.KUBERNETES;
        }
        if (source == InjectorConfig.Source.DIRECTORY && config.presetsDir().isEmpty()) {
            throw new IllegalStateException("podpreset.source=directory needs podpreset.presets-dir");
        }
        return source;
    }

    void onStart(@Observes StartupEvent event) {
        InjectorConfig.Source source = effective(config);
        LOG.infof("Preset source: %s", source.name().toLowerCase(java.util.Locale.ROOT));
        if (source == InjectorConfig.Source.NONE) {
            registry.markSynced();
        }
    }
}
