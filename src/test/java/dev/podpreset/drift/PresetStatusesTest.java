package dev.podpreset.drift;

import dev.podpreset.api.PresetCondition;
import dev.podpreset.api.PresetStatus;
import dev.podpreset.api.Violation;
import dev.podpreset.api.Violations;
import dev.podpreset.presets.PresetSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.podpreset.drift.PresetStatuses.Transition.BECAME_INVALID;
import static dev.podpreset.drift.PresetStatuses.Transition.BECAME_VALID;
import static dev.podpreset.drift.PresetStatuses.Transition.RESTARTS_PAUSED;
import static dev.podpreset.drift.PresetStatuses.Transition.RESTARTS_RESUMED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PresetStatusesTest {
    private static final Instant T1 = Instant.parse("2026-12-01T10:00:00.123Z");
    private static final Instant T2 = Instant.parse("2026-12-01T11:00:00Z");
    private static final WorkloadRef WEB = new WorkloadRef("Deployment", "team-a", "web");

    private static PresetDrift noPods() {
        return DriftCounter.count(new PresetSnapshot(List.of(DriftFixtures.db()), Map.of()), DriftFixtures.EVERY_POD, List.of(),
                k -> false).values().iterator().next();
    }

    private static PresetStatus valid(long generation, PresetStatus previous, Instant now) {
        return PresetStatuses.valid(generation, noPods(), false, null, previous, now);
    }

    @Test
    void aValidPresetIsReadyWithItsGeneration() {
        PresetStatus s = valid(4L, null, T1);
        PresetCondition ready = s.condition(PresetCondition.READY);
        assertEquals(new PresetCondition("Ready", "True", "Valid", "", 4L, "2026-12-01T10:00:00Z"), ready);
        assertEquals(4L, s.getObservedGeneration());
        assertEquals(0, s.getPods().getMatched());
        assertNull(s.condition(PresetCondition.RESTARTS_PAUSED), "only presets that restart workloads carry it");
    }

    @Test
    void anInvalidPresetNamesEveryFieldAndHasNoCounts() {
        PresetStatus s = PresetStatuses.invalid(5L, List.of(new Violation("spec.env[0].name", "Required value"),
                new Violation("spec.selector", "bad")), null, T1);
        PresetCondition ready = s.condition(PresetCondition.READY);
        assertEquals("False", ready.getStatus());
        assertEquals("Invalid", ready.getReason());
        assertEquals("spec.env[0].name: Required value; spec.selector: bad", ready.getMessage());
        assertNull(s.getPods());
    }

    @Test
    void aPresetWithFieldsThisVersionDoesNotKnowNeedsANewerVersion() {
        PresetStatus s = PresetStatuses.invalid(2L, new Violations().unknownField("spec.canary").list(), null, T1);
        PresetCondition ready = s.condition(PresetCondition.READY);
        assertEquals("False", ready.getStatus());
        assertEquals("NeedsNewerVersion", ready.getReason());
        assertTrue(ready.getMessage().startsWith("this version of podpreset-injector does not know spec.canary"),
                ready.getMessage());
        assertTrue(ready.getMessage().endsWith("spec.canary: unknown field"), ready.getMessage());
    }

    @Test
    void lastTransitionTimeMovesOnlyWhenReadyFlips() {
        PresetStatus valid = valid(4L, null, T1);
        PresetStatus stillValid = valid(5L, valid, T2);
        assertEquals("2026-12-01T10:00:00Z", stillValid.condition("Ready").getLastTransitionTime());
        assertEquals(5L, stillValid.condition("Ready").getObservedGeneration());
        PresetStatus invalid = PresetStatuses.invalid(6L, List.of(new Violation("spec", "x")), stillValid, T2);
        assertEquals("2026-12-01T11:00:00Z", invalid.condition("Ready").getLastTransitionTime());
    }

    @Test
    void anUnchangedPresetGivesAnEqualStatus() {
        PresetStatus first = valid(4L, null, T1);
        assertEquals(first, valid(4L, first, T2));
        RestartPause pause = RestartPause.of(WEB, "4", Rollout.DEADLINE_EXCEEDED, Duration.ofMinutes(10));
        PresetStatus paused = PresetStatuses.valid(4L, noPods(), true, pause, first, T1);
        assertEquals(paused, PresetStatuses.valid(4L, noPods(), true, pause, paused, T2));
    }

    @Test
    void aPausedPresetSaysWhichWorkloadFailedAndTheStatusKeepsThePauseForItsGeneration() {
        RestartPause pause = RestartPause.of(WEB, "4", Rollout.DEADLINE_EXCEEDED, Duration.ofMinutes(10));
        PresetStatus s = PresetStatuses.valid(4L, noPods(), true, pause, null, T1);
        PresetCondition c = s.condition(PresetCondition.RESTARTS_PAUSED);
        assertEquals("True", c.getStatus());
        assertEquals("ProgressDeadlineExceeded", c.getReason());
        assertTrue(c.getMessage().startsWith("Deployment team-a/web, restarted for generation 4, exceeded its progress deadline"),
                c.getMessage());
        assertEquals(Optional.of(pause), PresetStatuses.pause(s, "4"), "a new leader reads the pause back");
        assertEquals(Optional.empty(), PresetStatuses.pause(s, "5"), "a new generation is not paused");
        PresetStatus allowed = PresetStatuses.valid(5L, noPods(), true, null, s, T2);
        assertEquals("False", allowed.condition(PresetCondition.RESTARTS_PAUSED).getStatus());
        assertEquals("RestartsAllowed", allowed.condition(PresetCondition.RESTARTS_PAUSED).getReason());
    }

    @Test
    void transitionsThatDeserveEvents() {
        PresetStatus valid = valid(4L, null, T1);
        PresetStatus invalid = PresetStatuses.invalid(5L, List.of(new Violation("spec", "x")), valid, T2);
        assertEquals(List.of(BECAME_INVALID), PresetStatuses.transitions(valid, invalid));
        assertEquals(List.of(BECAME_INVALID), PresetStatuses.transitions(null, invalid));
        assertEquals(List.of(), PresetStatuses.transitions(invalid, invalid));
        assertEquals(List.of(BECAME_VALID), PresetStatuses.transitions(invalid, valid(6L, invalid, T2)));
        assertEquals(List.of(), PresetStatuses.transitions(null, valid));
        assertEquals(List.of(), PresetStatuses.transitions(valid, valid));
        RestartPause pause = RestartPause.of(WEB, "6", Rollout.TIMED_OUT, Duration.ofMinutes(10));
        PresetStatus allowed = PresetStatuses.valid(6L, noPods(), true, null, valid, T2);
        PresetStatus paused = PresetStatuses.valid(6L, noPods(), true, pause, allowed, T2);
        assertEquals(List.of(RESTARTS_PAUSED), PresetStatuses.transitions(allowed, paused));
        assertEquals(List.of(RESTARTS_RESUMED), PresetStatuses.transitions(paused,
                PresetStatuses.valid(7L, noPods(), true, null, paused, T2)));
    }
}
