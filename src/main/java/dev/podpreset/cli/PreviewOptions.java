package dev.podpreset.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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

    /**
     * Checks the command line, reads the manifests and loads the presets, then previews the manifests;
     * null when an input could not be read (reported on standard error).
     */
    Preview preview(CliContext context) throws CliFailure {
        presets.check();
        manifests.requireFiles();
        WebhookSetup webhook = scope.webhook(context);
        ManifestInputs inputs = manifests.read(context);
        LoadedPresets loaded = presets.load(context, Preview.namespaces(inputs.documents(), manifests.namespace));
        if (inputs.failed()) {
            return null;
        }
        return Preview.of(inputs.documents(), manifests.namespace, loaded, webhook, context.err());
    }

    /**
     * 1 for unreadable or malformed input, a rejected pod or one that could not be evaluated whole, 3 for a
     * skip with --fail-on-skip, else 0.
     */
    int exitCode(Preview preview) {
        if (preview == null || preview.malformed() || preview.rejected() || preview.incomplete()) {
            return ExitCodes.FAILED;
        }
        return failOnSkip && preview.skipsPresets() ? ExitCodes.SKIPPED : ExitCodes.OK;
    }
}
