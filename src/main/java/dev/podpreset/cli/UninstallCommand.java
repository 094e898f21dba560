package dev.podpreset.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * {@code podpreset uninstall}: deletes the MutatingWebhookConfiguration and ValidatingWebhookConfiguration
 * of a release, so that no pod creation waits on a webhook that is going away (the chart's pre-delete hook
 * runs it in our image). Idempotent: what is already gone is reported and is not an error.
 */
@Command(name = "uninstall", description = {"Delete the webhook configurations of an installation.",
        "Uses the in-cluster service account, else the kubeconfig."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:deleted, or already gone", "1:the API server refused or cannot be reached",
                "2:wrong command line"})
final class UninstallCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Option(names = "--webhook-name", required = true, paramLabel = "NAME",
            description = "name of the MutatingWebhookConfiguration and the ValidatingWebhookConfiguration")
    String webhookName;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS",
            description = "the release namespace; with --secret-name, where that Secret is")
    String namespace;

    @Option(names = "--secret-name", paramLabel = "NAME",
            description = "also delete this Secret (the self-managed serving certificate, which Helm does not own)")
    String secretName;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "this kubeconfig instead of the default")
    String kubeconfig;

    private final CliContext context;

    UninstallCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws CliFailure {
        if (secretName != null && namespace == null) {
            throw new CliFailure(ExitCodes.USAGE, "--secret-name needs --namespace");
        }
        try (KubernetesClient client = context.cluster().connect(
                kubeconfig == null ? null : context.resolve(kubeconfig), null)) {
            delete("MutatingWebhookConfiguration " + webhookName, client.admissionRegistration().v1()
                    .mutatingWebhookConfigurations().withName(webhookName));
            delete("ValidatingWebhookConfiguration " + webhookName, client.admissionRegistration().v1()
                    .validatingWebhookConfigurations().withName(webhookName));
            if (secretName != null) {
                delete("Secret " + namespace + "/" + secretName, client.secrets().inNamespace(namespace).withName(secretName));
            }
        } catch (KubernetesClientException e) {
            throw new CliFailure(ExitCodes.FAILED, ClusterPresets.reason(e));
        }
        return ExitCodes.OK;
    }

    private void delete(String what, Resource<?> resource) {
        boolean deleted = !resource.delete().isEmpty();
        context.out().println(what + (deleted ? ": deleted" : ": not found (already deleted)"));
    }
}
