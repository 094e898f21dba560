package dev.podpreset.cli;

import dev.podpreset.injection.IgnoredContainers;
import dev.podpreset.presets.YamlSyntaxException;
import dev.podpreset.scope.LabelSelectorText;
import dev.podpreset.scope.WebhookScope;
import io.fabric8.kubernetes.api.model.LabelSelector;
import picocli.CommandLine.Option;

import java.io.IOException;

/** The webhook's settings of inject, explain and test (its scope, its ignored containers); the chart's defaults unless told otherwise. */
final class ScopeOptions {
    @Option(names = "--release-namespace", paramLabel = "NS", defaultValue = WebhookScope.DEFAULT_RELEASE_NAMESPACE,
            description = "namespace the injector is installed in: never injected, like kube-system, kube-public "
                    + "and kube-node-lease (default: ${DEFAULT-VALUE})")
    String releaseNamespace;

    @Option(names = "--namespace-selector", paramLabel = "SELECTOR",
            description = "the webhook's namespaceSelector, kubectl syntax (a=b,c in (d,e),!f) or LabelSelector JSON "
                    + "(default: podpreset.dev/injection=enabled, or from --values)")
    String namespaceSelector;

    @Option(names = "--object-selector", paramLabel = "SELECTOR",
            description = "the webhook's objectSelector, same syntax "
                    + "(default: podpreset.dev/injection notin (disabled), or from --values)")
    String objectSelector;

    @Option(names = "--values", paramLabel = "FILE",
            description = "a Helm values file of the chart: webhook.namespaceSelector and webhook.objectSelector, "
                    + "merged over the chart's defaults as Helm does, and webhook.ignoredContainers")
    String values;

    /** The webhook as these options (and the chart's defaults) configure it. */
    WebhookSetup webhook(CliContext context) throws CliFailure {
        LabelSelector namespaces = WebhookScope.DEFAULT_NAMESPACE_SELECTOR;
        LabelSelector objects = WebhookScope.DEFAULT_OBJECT_SELECTOR;
        IgnoredContainers ignored = IgnoredContainers.DEFAULT;
        if (values != null) {
            try {
                ChartValues chart = ChartValues.read(context.resolve(values), values);
                namespaces = chart.selector("namespaceSelector", namespaces);
                objects = chart.selector("objectSelector", objects);
                ignored = chart.ignoredContainers(ignored);
            } catch (IOException e) {
                throw new CliFailure(ExitCodes.USAGE, "--values " + values + ": cannot read: " + e.getMessage());
            } catch (YamlSyntaxException e) {
                throw new CliFailure(ExitCodes.FAILED, "--values " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new CliFailure(ExitCodes.USAGE, "--values " + values + ": " + e.getMessage());
            }
        }
        if (namespaceSelector != null) {
            namespaces = parse("--namespace-selector", namespaceSelector);
        }
        if (objectSelector != null) {
            objects = parse("--object-selector", objectSelector);
        }
        return new WebhookSetup(WebhookScope.forRelease(releaseNamespace, namespaces, objects), ignored);
    }

    private static LabelSelector parse(String option, String text) throws CliFailure {
        try {
            return LabelSelectorText.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCodes.USAGE, option + " " + text + ": " + e.getMessage());
        }
    }
}
