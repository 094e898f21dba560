package dev.podpreset.controller;

/**
 * CDI event fired by the controller's leader election when this replica gains ({@code leading}) or loses
 * the Lease. Only the leader writes: preset status, workload restarts, the self-managed certificate and
 * the webhooks' caBundle all start on {@code true} and stop on {@code false}.
 */
public record LeadershipChanged(boolean leading) {
}
