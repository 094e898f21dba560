package dev.podpreset.drift;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static dev.podpreset.drift.DriftFixtures.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where a rollout stands, read from the workload's status as kubectl rollout status reads it. */
class RolloutTest {
    private static final Instant RESTARTED = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private static Rollout at(String workload, Instant now) {
        return Rollout.of(yaml(workload), now, TIMEOUT);
    }

    private static String deployment(long generation, String status) {
        return """
                kind: Deployment
                metadata: {generation: %d}
                spec:
                  replicas: 2
                  template: {metadata: {annotations: {podpreset.dev/restartedAt: "2026-12-01T10:00:00Z"}}}
                status: %s
                """.formatted(generation, status);
    }

    @Test
    void completeWhenEveryReplicaRunsTheCurrentGenerationAndIsAvailable() {
        assertEquals(Rollout.COMPLETE, at(deployment(2,
                "{observedGeneration: 2, replicas: 2, updatedReplicas: 2, availableReplicas: 2}"), RESTARTED));
    }

    @Test
    void progressingWhileTheGenerationIsUnobservedOldPodsRemainOrNewOnesAreUnavailable() {
        assertEquals(Rollout.PROGRESSING, at(deployment(3,
                "{observedGeneration: 2, replicas: 2, updatedReplicas: 2, availableReplicas: 2}"), RESTARTED));
        assertEquals(Rollout.PROGRESSING, at(deployment(3,
                "{observedGeneration: 3, replicas: 3, updatedReplicas: 1, availableReplicas: 2}"), RESTARTED));
        assertEquals(Rollout.PROGRESSING, at(deployment(3,
                "{observedGeneration: 3, replicas: 2, updatedReplicas: 2, availableReplicas: 1}"), RESTARTED));
        assertEquals(Rollout.PROGRESSING, at("""
                kind: DaemonSet
                metadata: {generation: 1}
                status: {observedGeneration: 1, desiredNumberScheduled: 3, updatedNumberScheduled: 2, numberAvailable: 3}
                """, RESTARTED));
    }

    @Test
    void failedWhenTheDeploymentControllerGaveUp() {
        Rollout r = at(deployment(3, """
                {observedGeneration: 3, replicas: 3, updatedReplicas: 1, availableReplicas: 2,
                 conditions: [{type: Progressing, status: "False", reason: ProgressDeadlineExceeded}]}"""), RESTARTED);
        assertEquals(Rollout.DEADLINE_EXCEEDED, r);
        assertTrue(r.failed());
        assertEquals("ProgressDeadlineExceeded", r.reason());
        assertEquals(Rollout.PROGRESSING, at(deployment(4, """
                {observedGeneration: 3, replicas: 3, updatedReplicas: 1, availableReplicas: 2,
                 conditions: [{type: Progressing, status: "False", reason: ProgressDeadlineExceeded}]}"""), RESTARTED),
                "a restart after a failed rollout is a new rollout: the old condition is not its");
    }

    @Test
    void failedWhenNotAvailableWithinTheTimeoutOfTheRestart() {
        String stuck = deployment(3, "{observedGeneration: 3, replicas: 2, updatedReplicas: 2, availableReplicas: 1}");
        assertEquals(Rollout.PROGRESSING, at(stuck, RESTARTED.plus(TIMEOUT)));
        Rollout r = at(stuck, RESTARTED.plus(TIMEOUT).plusSeconds(1));
        assertEquals(Rollout.TIMED_OUT, r);
        assertEquals("RolloutTimedOut", r.reason());
    }

    @Test
    void aWorkloadTheControllerNeverRestartedNeverTimesOut() {
        assertEquals(Rollout.PROGRESSING, at("""
                kind: StatefulSet
                metadata: {generation: 2}
                spec: {replicas: 1}
                status: {observedGeneration: 2, replicas: 1, updatedReplicas: 1, availableReplicas: 0}
                """, RESTARTED.plus(Duration.ofDays(30))));
    }

    @Test
    void aConditionReasonNamesTheFailedRollout() {
        assertEquals(Rollout.DEADLINE_EXCEEDED, Rollout.failedBecause("ProgressDeadlineExceeded").orElseThrow());
        assertEquals(Rollout.TIMED_OUT, Rollout.failedBecause("RolloutTimedOut").orElseThrow());
        assertFalse(Rollout.failedBecause("RestartsAllowed").isPresent());
    }
}
