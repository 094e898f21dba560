package dev.podpreset.cli;

import org.junit.jupiter.api.Test;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UnifiedDiffTest {
    private static String lines(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "line" + i + "\n").collect(Collectors.joining());
    }

    @Test
    void equalTextsHaveNoDiff() {
        assertEquals("", UnifiedDiff.of("a", "b", "x\n", "x\n"));
    }

    @Test
    void distantChangesMakeTwoHunksWithThreeLinesOfContext() {
        String from = lines(1, 20);
        String to = from.replace("line2\n", "line2\nnew-a\n").replace("line18\n", "changed18\n");
        assertEquals("""
                --- a
                +++ b
                @@ -1,5 +1,6 @@
                 line1
                 line2
                +new-a
                 line3
                 line4
                 line5
                @@ -15,6 +16,6 @@
                 line15
                 line16
                 line17
                -line18
                +changed18
                 line19
                 line20
                """, UnifiedDiff.of("a", "b", from, to));
    }

    @Test
    void nearbyChangesShareAHunk() {
        String from = lines(1, 10);
        String to = from.replace("line2\n", "").replace("line8\n", "line8\nadded\n");
        assertEquals("""
                --- a
                +++ b
                @@ -1,10 +1,10 @@
                 line1
                -line2
                 line3
                 line4
                 line5
                 line6
                 line7
                 line8
                +added
                 line9
                 line10
                """, UnifiedDiff.of("a", "b", from, to));
    }

    @Test
    void addingToAnEmptyText() {
        assertEquals("--- a\n+++ b\n@@ -0,0 +1,1 @@\n+x\n", UnifiedDiff.of("a", "b", "", "x\n"));
    }
}
