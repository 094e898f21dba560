package dev.podpreset.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff of two texts by lines, as {@code diff -u} prints it (three lines of context), from the
 * longest common subsequence of their lines. Manifests are small, so the quadratic table is fine.
 */
final class UnifiedDiff {
    private static final int CONTEXT = 3;

    private UnifiedDiff() {
    }

    private enum Op { KEEP, DELETE, INSERT }

    private record Edit(Op op, String line) {
    }

    /** Empty when the texts are equal. */
    static String of(String fromLabel, String toLabel, String from, String to) {
        if (from.equals(to)) {
            return "";
        }
        List<Edit> edits = edits(from.lines().toList(), to.lines().toList());
        StringBuilder out = new StringBuilder("--- ").append(fromLabel).append("\n+++ ").append(toLabel).append('\n');
        int i = 0;
        int fromLine = 1;
        int toLine = 1;
        while (i < edits.size()) {
            if (edits.get(i).op() == Op.KEEP) {
                i++;
                fromLine++;
                toLine++;
                continue;
            }
            // A hunk: context before, changes merged while fewer than 2 * CONTEXT lines keep between them.
            int start = Math.max(0, i - CONTEXT);
            int end = i;
            int keptRun = 0;
            while (end < edits.size() && keptRun <= 2 * CONTEXT) {
                keptRun = edits.get(end).op() == Op.KEEP ? keptRun + 1 : 0;
                end++;
            }
            end -= Math.max(0, keptRun - CONTEXT);
            int hunkFrom = fromLine - (i - start);
            int hunkTo = toLine - (i - start);
            int fromCount = 0;
            int toCount = 0;
            StringBuilder body = new StringBuilder();
            for (int k = start; k < end; k++) {
                Edit e = edits.get(k);
                body.append(switch (e.op()) {
                    case KEEP -> ' ';
                    case DELETE -> '-';
                    case INSERT -> '+';
                }).append(e.line()).append('\n');
                fromCount += e.op() == Op.INSERT ? 0 : 1;
                toCount += e.op() == Op.DELETE ? 0 : 1;
            }
            out.append("@@ -").append(range(hunkFrom, fromCount)).append(" +").append(range(hunkTo, toCount))
                    .append(" @@\n").append(body);
            for (int k = i; k < end; k++) {
                Op op = edits.get(k).op();
                fromLine += op == Op.INSERT ? 0 : 1;
                toLine += op == Op.DELETE ? 0 : 1;
            }
            i = end;
        }
        return out.toString();
    }

    /** {@code start,count}, with diff's convention that an empty range starts at the line before. */
    private static String range(int start, int count) {
        return (count == 0 ? start - 1 : start) + "," + count;
    }

    private static List<Edit> edits(List<String> a, List<String> b) {
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<Edit> edits = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                edits.add(new Edit(Op.KEEP, a.get(i++)));
                j++;
            } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
                edits.add(new Edit(Op.DELETE, a.get(i++)));
            } else {
                edits.add(new Edit(Op.INSERT, b.get(j++)));
            }
        }
        return edits;
    }
}
