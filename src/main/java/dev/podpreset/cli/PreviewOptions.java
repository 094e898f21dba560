package dev.podpreset.cli;

import dev.podpreset.presets.PresetSnapshot;
import dev.podpreset.scope.WebhookScope;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;

/** What inject and explain share: presets, manifests, the webhook's scope and the skip gate. */
final class PreviewOptions {
    @Mixin
    PresetOptions presets;
    @Mixin
    ManifestOptions manifests;
    @Mixin
    ScopeOptions scope;

    @Option(names = "--fail-on-skip", description = "exit 3 when a preset would be skipped for a conflict")
    boolean failOnSkip;

    /** The presets actually loaded by {@link #preview}, for namespace labels in reports. */
    PresetSnapshot snapshot;

    /** Checks the command line, loads the presets and previews the manifests. */
    Preview preview(CliContext context) throws CliFailure, IOException {
        presets.check();
        manifests.requireFiles();
        WebhookScope webhookScope = scope.scope(context);
        snapshot = presets.load(context);
        return Preview.of(manifests.files, context, manifests.namespace, snapshot, webhookScope);
    }

    /** 1 for malformed input or a rejected pod, 3 for a skip with --fail-on-skip, else 0. */
    int exitCode(Preview preview) {
        if (preview.malformed() || preview.rejected()) {
            return ExitCodes.FAILED;
        }
        return failOnSkip && preview.skipsPresets() ? ExitCodes.SKIPPED : ExitCodes.OK;
    }
}
