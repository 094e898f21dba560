package dev.podpreset.drift;

import dev.podpreset.api.PresetCondition;
import dev.podpreset.api.PresetStatus;
import dev.podpreset.api.Violation;
import dev.podpreset.presets.PresetSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class PresetStatusesTest {
    private static final Instant T1 = Instant.parse("2026-12-01T10:00:00.123Z");
    private static final Instant T2 = Instant.parse("2026-12-01T11:00:00Z");

    private static PresetDrift noPods() {
        return DriftCounter.count(new PresetSnapshot(List.of(DriftFixtures.db()), Map.of()), DriftFixtures.EVERY_POD, List.of(),
                k -> false).values().iterator().next();
    }

    @Test
    void aValidPresetIsReadyWithItsGeneration() {
        PresetStatus s = PresetStatuses.valid(4L, noPods(), null, T1);
        PresetCondition ready = s.condition(PresetCondition.READY);
        assertEquals(new PresetCondition("Ready", "True", "Valid", "", 4L, "2026-12-01T10:00:00Z"), ready);
        assertEquals(4L, s.getObservedGeneration());
        assertEquals(0, s.getPods().getMatched());
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
    void lastTransitionTimeMovesOnlyWhenReadyFlips() {
        PresetStatus valid = PresetStatuses.valid(4L, noPods(), null, T1);
        PresetStatus stillValid = PresetStatuses.valid(5L, noPods(), valid, T2);
        assertEquals("2026-12-01T10:00:00Z", stillValid.condition("Ready").getLastTransitionTime());
        assertEquals(5L, stillValid.condition("Ready").getObservedGeneration());
        PresetStatus invalid = PresetStatuses.invalid(6L, List.of(new Violation("spec", "x")), stillValid, T2);
        assertEquals("2026-12-01T11:00:00Z", invalid.condition("Ready").getLastTransitionTime());
    }

    @Test
    void anUnchangedPresetGivesAnEqualStatus() {
        PresetStatus first = PresetStatuses.valid(4L, noPods(), null, T1);
        assertEquals(first, PresetStatuses.valid(4L, noPods(), first, T2));
    }

    @Test
    void eventsOnTurningInvalidAndValidAgain() {
        PresetStatus valid = PresetStatuses.valid(4L, noPods(), null, T1);
        PresetStatus invalid = PresetStatuses.invalid(5L, List.of(new Violation("spec", "x")), valid, T2);
        assertEquals(PresetStatuses.INVALID, PresetStatuses.transition(valid, invalid));
        assertEquals(PresetStatuses.INVALID, PresetStatuses.transition(null, invalid));
        assertNull(PresetStatuses.transition(invalid, invalid));
        assertEquals(PresetStatuses.VALID, PresetStatuses.transition(invalid, PresetStatuses.valid(6L, noPods(), invalid, T2)));
        assertNull(PresetStatuses.transition(null, valid));
        assertNull(PresetStatuses.transition(valid, valid));
    }
}
