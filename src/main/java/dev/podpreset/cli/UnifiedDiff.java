package dev.podpreset.cli;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.algorithm.myers.MyersDiffWithLinearSpace;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.ChangeDelta;
import com.github.difflib.patch.DeltaType;
import com.github.difflib.patch.Patch;

import java.util.List;
import java.util.Set;

/**
 * A unified diff of two texts by lines, as {@code diff -u} prints it (three lines of context), from
 * java-diff-utils' Myers diff in linear space: a manifest of many thousand lines diffs in memory
 * proportional to its size. Each hunk header names what it belongs to, as git names the function.
 */
final class UnifiedDiff {
    private static final int CONTEXT = 3;

    private UnifiedDiff() {
    }

    /** Empty when the texts are equal; {@code section} follows each {@code @@ ... @@} (empty for none). */
    static String of(String fromLabel, String toLabel, String section, String from, String to) {
        if (from.equals(to)) {
            return "";
        }
        List<String> a = from.lines().toList();
        List<String> b = to.lines().toList();
        Patch<String> patch = changes(DiffUtils.diff(a, b, new MyersDiffWithLinearSpace<>()));
        StringBuilder out = new StringBuilder();
        for (String line : UnifiedDiffUtils.generateUnifiedDiff(fromLabel, toLabel, a, patch, CONTEXT)) {
            out.append(line);
            if (line.startsWith("@@") && !section.isEmpty()) {
                out.append(' ').append(section);
            }
            out.append('\n');
        }
        return out.toString();
    }

    /**
     * The linear-space algorithm gives a replaced run as an insertion next to a deletion at the same place;
     * as one change it prints as diff prints it, the old lines first.
     */
    private static Patch<String> changes(Patch<String> patch) {
        Patch<String> out = new Patch<>();
        List<AbstractDelta<String>> deltas = patch.getDeltas();
        for (int i = 0; i < deltas.size(); i++) {
            AbstractDelta<String> delta = deltas.get(i);
            AbstractDelta<String> next = i + 1 < deltas.size() ? deltas.get(i + 1) : null;
            if (next != null && delta.getSource().getPosition() == next.getSource().getPosition()
                    && Set.of(delta.getType(), next.getType()).equals(Set.of(DeltaType.INSERT, DeltaType.DELETE))) {
                AbstractDelta<String> deleted = delta.getType() == DeltaType.DELETE ? delta : next;
                AbstractDelta<String> inserted = delta.getType() == DeltaType.INSERT ? delta : next;
                out.addDelta(new ChangeDelta<>(deleted.getSource(), inserted.getTarget()));
                i++;
            } else {
                out.addDelta(delta);
            }
        }
        return out;
    }
}
