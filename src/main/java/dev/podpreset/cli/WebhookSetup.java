package dev.podpreset.cli;

import dev.podpreset.injection.IgnoredContainers;
import dev.podpreset.scope.WebhookScope;

/**
 * What the installed webhook is configured with that a preview must know: which pods the API server calls it for,
 * and which containers it leaves alone ({@code webhook.ignoredContainers} of the chart).
 */
record WebhookSetup(WebhookScope scope, IgnoredContainers ignored) {
}
