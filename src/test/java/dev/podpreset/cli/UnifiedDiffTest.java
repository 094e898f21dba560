package dev.podpreset.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class UnifiedDiffTest {
    private static String lines(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "line" + i + "\n").collect(Collectors.joining());
    }

    @Test
    void equalTextsHaveNoDiff() {
        assertEquals("", UnifiedDiff.of("a", "b", "", "x\n", "x\n"));
    }

    @Test
    void distantChangesMakeTwoHunksWithThreeLinesOfContextEachNamingItsObject() {
        String from = lines(1, 20);
        String to = from.replace("line2\n", "line2\nnew-a\n").replace("line18\n", "changed18\n");
        assertEquals("""
                --- a
                +++ b
                @@ -1,5 +1,6 @@ Deployment team-a/web
                 line1
                 line2
                +new-a
                 line3
                 line4
                 line5
                @@ -15,6 +16,6 @@ Deployment team-a/web
                 line15
                 line16
                 line17
                -line18
                +changed18
                 line19
                 line20
                """, UnifiedDiff.of("a", "b", "Deployment team-a/web", from, to));
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
                """, UnifiedDiff.of("a", "b", "", from, to));
    }

    /** Issue 20: a table of every pair of lines took 744 MB for 12,000 lines; this one would need 40 GB. */
    @Test
    void aManifestOfAHundredThousandLinesDiffsInLinearSpace() {
        String from = lines(1, 100_000);
        String to = from.replace("line50000\n", "line50000\ninjected\n");
        String diff = UnifiedDiff.of("a", "b", "", from, to);
        assertTrue(diff.contains("@@ -49998,6 +49998,7 @@\n line49998\n line49999\n line50000\n+injected\n"), diff);
    }

    /** What we print is what patch(1) applies. */
    @Test
    void patchAppliesTheDiff(@TempDir Path dir) throws Exception {
        assumeTrue(onPath("patch"), "patch is not installed");
        String from = lines(1, 30);
        String to = from.replace("line3\n", "").replace("line17\n", "line17\nx: \"y\"\n").replace("line30\n", "end\n");
        Files.writeString(dir.resolve("a.yaml"), from);
        Files.writeString(dir.resolve("fix.diff"), UnifiedDiff.of("a.yaml", "a.yaml", "Pod team-a/web", from, to));
        Process p = new ProcessBuilder("patch", "-s", "a.yaml", "fix.diff").directory(dir.toFile())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertEquals(to, Files.readString(dir.resolve("a.yaml")));
    }

    private static boolean onPath(String command) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, command))) {
                return true;
            }
        }
        return false;
    }
}
