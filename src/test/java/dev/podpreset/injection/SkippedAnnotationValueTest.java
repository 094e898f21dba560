package dev.podpreset.injection;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The value of the skipped-preset annotation: "<generation>; <conflict>", at most 256 characters. */
class SkippedAnnotationValueTest {

    @Test
    void generationThenConflictOrTheConflictAlone() {
        assertEquals("3; conflict on env \"A\"", InjectionEngine.skippedValue("3", "conflict on env \"A\""));
        assertEquals("conflict on env \"A\"", InjectionEngine.skippedValue("", "conflict on env \"A\""));
    }

    @Test
    void cutTo256CharactersEndingInAnEllipsis() {
        String fits = "x".repeat(256 - 3);
        assertEquals("1; " + fits, InjectionEngine.skippedValue("1", fits));
        String value = InjectionEngine.skippedValue("1", fits + "y");
        assertEquals(256, value.length());
        assertEquals("1; " + "x".repeat(250) + "...", value);
    }
}
