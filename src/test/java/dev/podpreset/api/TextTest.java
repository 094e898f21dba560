package dev.podpreset.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TextTest {

    @Test
    void textWithinTheLimitIsKeptWhole() {
        assertEquals("abcde", Text.cut("abcde", 5));
        assertEquals("", Text.cut("", 3));
    }

    @Test
    void longerTextEndsInAnEllipsisAtExactlyTheLimit() {
        assertEquals("ab...", Text.cut("abcdef", 5));
        assertEquals("...", Text.cut("abcd", 3));
        assertEquals(1024, Text.cut("x".repeat(5000), 1024).length());
    }

    @Test
    void aSurrogatePairIsNeverSplit() {
        String emoji = "\uD83D\uDE00"; // one character, two UTF-16 units
        assertEquals("a...", Text.cut("a" + emoji + "bcdef", 5));
        assertEquals("a" + emoji + "...", Text.cut("a" + emoji + "bcdef", 6));
    }

    @Test
    void aLimitBelowTheEllipsisIsABug() {
        assertThrows(IllegalArgumentException.class, () -> Text.cut("abcdef", 2));
    }
}
