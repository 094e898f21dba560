package dev.podpreset.injection;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The values of our annotations, written and read back by one codec. */
class AnnotationValuesTest {

    @Test
    void aSkippedValueIsTheGenerationThenTheConflictOrTheConflictAlone() {
        assertEquals("3; conflict on env \"A\"", new AnnotationValues.Skipped("3", "conflict on env \"A\"").value());
        assertEquals("conflict on env \"A\"", new AnnotationValues.Skipped("", "conflict on env \"A\"").value());
    }

    @Test
    void aSkippedValueIsCutTo256CharactersEndingInAnEllipsis() {
        String fits = "x".repeat(256 - 3);
        assertEquals("1; " + fits, new AnnotationValues.Skipped("1", fits).value());
        String value = new AnnotationValues.Skipped("1", fits + "y").value();
        assertEquals(256, value.length());
        assertEquals("1; " + "x".repeat(250) + "...", value);
    }

    @Test
    void whatIsWrittenIsReadBack() {
        for (AnnotationValues.Skipped s : new AnnotationValues.Skipped[] {
                new AnnotationValues.Skipped("7", "conflict on volume \"x\""),
                new AnnotationValues.Skipped("", "conflict on volume \"x\""),
                new AnnotationValues.Skipped("12", "conflict on env \"A; B\"")}) {
            assertEquals(s, AnnotationValues.Skipped.parse(s.value()));
        }
    }

    @Test
    void aConflictThatContainsTheSeparatorIsNotAGeneration() {
        AnnotationValues.Skipped s = AnnotationValues.Skipped.parse("conflict on env \"A; B\"");
        assertEquals("", s.generation());
        assertEquals("conflict on env \"A; B\"", s.conflict());
    }

    @Test
    void skippedAtAGenerationIsThatGenerationOnly() {
        AnnotationValues.Skipped s = AnnotationValues.Skipped.parse("4; conflict on env \"A\"");
        assertTrue(s.at("4"));
        assertFalse(s.at("5"));
        assertFalse(s.at(""));
    }

    @Test
    void anAuditValueIsTheGenerationThenWhatThePresetWouldDo() {
        assertEquals("3; would apply", new AnnotationValues.Audit("3", null).value());
        assertEquals("would conflict: conflict on env \"A\"", new AnnotationValues.Audit("", "conflict on env \"A\"").value());
        String value = new AnnotationValues.Audit("1", "x".repeat(300)).value();
        assertEquals("1; would conflict: " + "x".repeat(256 - 3 - 19) + "...", value);
    }

    @Test
    void anAuditValueIsReadBack() {
        for (AnnotationValues.Audit a : new AnnotationValues.Audit[] {new AnnotationValues.Audit("7", null),
                new AnnotationValues.Audit("", null), new AnnotationValues.Audit("12", "conflict on env \"A; B\"")}) {
            assertEquals(a, AnnotationValues.Audit.parse(a.value()));
        }
        assertTrue(AnnotationValues.Audit.parse("4; would apply").wouldApply());
        assertTrue(AnnotationValues.Audit.parse("4; would apply").at("4"));
        assertFalse(AnnotationValues.Audit.parse("4; written by hand").wouldApply());
    }

    @Test
    void restartedAtIsTheTimeToTheSecondAndReadsBack() {
        Instant t = Instant.parse("2026-12-01T10:00:00.750Z");
        assertEquals("2026-12-01T10:00:00Z", AnnotationValues.restartedAt(t));
        assertEquals(Optional.of(Instant.parse("2026-12-01T10:00:00Z")), AnnotationValues.restartedAt("2026-12-01T10:00:00Z"));
        assertEquals(Optional.empty(), AnnotationValues.restartedAt("yesterday"));
        assertEquals(Optional.empty(), AnnotationValues.restartedAt((String) null));
    }
}
